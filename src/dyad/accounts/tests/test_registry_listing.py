"""A person chooses whether the public registry lists them, on their account page."""

import pytest
from django.contrib.auth.views import redirect_to_login
from django_scopes import scopes_disabled

from dyad.accounts.models import User
from dyad.core.events import describe
from dyad.core.models import Event
from dyad.testing.factories import make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db

URL = "/accounts/settings/"


def events_of(user):
    with scopes_disabled():  # a person's own events belong to no association
        return list(
            Event.objects.filter(
                subject_type="accounts.user",
                subject_id=str(user.pk),
                verb="person.registry_listing_changed",
            )
        )


def test_people_are_listed_unless_they_say_otherwise(client):
    person = make_user()
    assert person.listed_in_registry
    client.force_login(person)
    html = client.get(URL).content.decode()
    assert "Show me in the public registry" in html
    assert "checked" in html


def test_leaving_the_registry_and_coming_back_each_record_an_event(client):
    person = make_user(display_name="Ada Lovelace")
    client.force_login(person)
    response = client.post(URL, {})
    assert response.status_code == 302 and response["Location"] == URL
    person.refresh_from_db()
    assert not person.listed_in_registry
    page = client.get(URL).content.decode()
    assert "You are no longer listed in the public registry." in page
    assert "checked" not in page
    client.post(URL, {"listed": "on"})
    person.refresh_from_db()
    assert person.listed_in_registry
    texts = [describe(e) for e in events_of(person)]
    assert texts == [
        "Ada Lovelace chose to leave the public registry",
        "Ada Lovelace chose to be listed in the public registry",
    ]


def test_sending_the_form_twice_records_one_change(client):
    person = make_user()
    client.force_login(person)
    client.post(URL, {})
    client.post(URL, {})
    assert len(events_of(person)) == 1


def test_a_person_changes_only_their_own_choice(client):
    """The form has no field naming a person: whatever is posted, only the signed-in one."""
    me, other = make_user(), make_user()
    client.force_login(me)
    client.post(URL, {"user": other.pk, "pk": other.pk, "email": other.email, "id": other.pk})
    me.refresh_from_db()
    other.refresh_from_db()
    assert not me.listed_in_registry
    assert other.listed_in_registry
    assert events_of(other) == []


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_each_visitor_sees_and_changes_only_their_own_setting(client, two_associations, who, role):
    user = visitor(two_associations, who, role)
    bystander = make_user()
    if user is None:
        assert client.get(URL)["Location"] == redirect_to_login(URL)["Location"]
        assert client.post(URL, {})["Location"] == redirect_to_login(URL)["Location"]
        assert User.objects.filter(listed_in_registry=False).count() == 0
        return
    client.force_login(user)
    assert client.get(URL).status_code == 200
    assert client.post(URL, {}).status_code == 302
    assert list(User.objects.filter(listed_in_registry=False)) == [user]
    bystander.refresh_from_db()
    assert bystander.listed_in_registry


def test_the_account_link_leads_to_the_settings(client):
    client.force_login(make_user())
    assert f'href="{URL}"' in client.get("/registry/").content.decode()
