"""The coordinator's settings page: clear errors, nothing lost, every change recorded."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.core.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, two_associations):
    client.force_login(two_associations["alpha"]["coordinator"])
    return two_associations["alpha"]["coordinator"]


def form(**change):
    data = {
        "name": "Alpha Association",
        "contact_email": "office@alpha.example.org",
        "currency": "USD",
        "application_fee": "150.00",
        "renewal_fee": "60.00",
        "reviewers_per_application": "1",
    }
    data.update(change)
    return data


def test_a_saved_change_is_recorded_as_an_event(client, coordinator, two_associations):
    url = reverse("associations:settings", args=["alpha"])
    response = client.post(url, form(application_fee="175.00"), follow=True)
    assert "Settings saved." in response.content.decode()
    with scopes_disabled():
        event = Event.objects.get(verb="association.settings_changed")
    assert event.actor == coordinator
    assert event.data["changed"]["application_fee"] == ["0.00", "175.00"]
    assert "Settings changed: application fee" in response.content.decode()  # recent activity


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"application_fee": "-5"}, "application_fee", "greater than or equal to 0"),
        ({"currency": "US"}, "currency", "three-letter currency code"),
        ({"contact_email": "not-an-email"}, "contact_email", "valid email"),
        ({"name": ""}, "name", "This field is required"),
        ({"website": "javascript:alert(1)"}, "website", "valid URL"),
    ],
)
def test_bad_input_is_named_next_to_its_field_and_nothing_is_saved(
    client, coordinator, two_associations, change, field, message
):
    url = reverse("associations:settings", args=["alpha"])
    response = client.post(url, form(**change))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}-errors"' in html
    assert message in html
    assert 'aria-invalid="true"' in html
    two_associations["alpha"]["association"].refresh_from_db()
    assert two_associations["alpha"]["association"].name == "Association alpha"
    with scopes_disabled():
        assert not Event.objects.filter(verb="association.settings_changed").exists()


def test_pages_cost_a_constant_number_of_queries(
    client, coordinator, two_associations, django_assert_max_num_queries
):
    from dyad.testing.factories import make_staff

    for _ in range(10):
        make_staff(two_associations["alpha"]["association"], "reviewer")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("associations:home", args=["alpha"])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("associations:settings", args=["alpha"])).status_code == 200
