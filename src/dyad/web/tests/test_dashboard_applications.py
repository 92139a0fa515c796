"""The dashboard leads an applicant to their applications, each with its state, in a number of
queries that does not grow with them."""

import pytest
from django.urls import reverse

from dyad.applications import services
from dyad.testing.factories import make_association, make_user

pytestmark = pytest.mark.django_db


def test_no_application_yet_offers_to_start_one(client):
    client.force_login(make_user())
    html = client.get(reverse("web:dashboard")).content.decode()
    assert "When your portfolio meets a category, apply to an association for it here." in html
    assert 'href="/applications/start/"' in html


def test_each_application_shows_with_its_state_and_a_link(client):
    person = make_user()
    lakes = make_association(name="Lakes Association")
    application = services.start_application(applicant=person, association=lakes, category="IFS")
    services.withdraw_application(application=application, actor=person)
    services.start_application(applicant=person, association=lakes, category="IFA")
    client.force_login(person)
    html = client.get(reverse("web:dashboard")).content.decode()
    assert (
        f'<a href="/applications/{application.pk}/">IFS · Lakes Association</a>: withdrawn' in html
    )
    assert "IFA · Lakes Association</a>: started" in html
    assert 'href="/applications/"' in html


def test_someone_elses_applications_are_not_on_the_dashboard(client):
    services.start_application(
        applicant=make_user(), association=make_association(name="Lakes"), category="IFS"
    )
    client.force_login(make_user())
    assert "IFS · Lakes" not in client.get(reverse("web:dashboard")).content.decode()


def test_the_dashboard_queries_do_not_grow_with_the_applications(
    client, django_assert_max_num_queries
):
    person = make_user()
    client.force_login(person)
    services.start_application(applicant=person, association=make_association(), category="IFS")
    with django_assert_max_num_queries(30) as one:
        client.get(reverse("web:dashboard"))
    for _ in range(5):
        services.start_application(applicant=person, association=make_association(), category="IFS")
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(reverse("web:dashboard")).content.decode()
    assert html.count(": started</li>") == 6
