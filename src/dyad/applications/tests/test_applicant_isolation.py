"""Only the applicant sees and acts on their application's pages. Everyone else, staff of the
association it was made to included, gets a 404 on every page and every action, GET and POST,
and nothing changes; anonymous visitors are sent to sign in."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.views import redirect_to_login
from django_scopes import scopes_disabled

from dyad.applications import services
from dyad.applications.models import Application, Reference
from dyad.core.models import Event
from dyad.testing.factories import make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db

#: every address of an application, and what a POST to it would try to do
PAGES = {
    "detail": ("", {}),
    "name_reference": ("references/", {"name": "X", "email": "x@example.org", "role": "other"}),
    "submit": ("submit/", {}),
    "withdraw": ("withdraw/", {"reason": "not mine"}),
    "pay": ("pay/", {}),
    "payment_return": ("pay/return/?payment=x", {}),
}
#: what the applicant's own GET of each address answers (the actions only take POST; the
#: payment return with a forged payment is refused)
OWN_GET = {
    "detail": 200,
    "name_reference": 405,
    "submit": 405,
    "withdraw": 200,
    "pay": 405,
    "payment_return": 400,
}


@pytest.fixture
def application(two_associations, settings):
    settings.DYAD_PAYMENT_PROVIDER = "fake"
    association = two_associations["alpha"]["association"]
    association.application_fee = 50
    association.save(update_fields=["application_fee"])
    return services.start_application(
        applicant=two_associations["applicant"], association=association, category="IFS"
    )


def state_of(application):
    with scopes_disabled():
        fresh = Application.objects.get(pk=application.pk)
        return (
            fresh.state,
            fresh.fee_status,
            Reference.objects.filter(application=application).count(),
            Event.objects.count(),
        )


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_the_applicant_reaches_their_application(
    client, two_associations, application, who, role, page
):
    suffix, data = PAGES[page]
    path = f"/applications/{application.pk}/{suffix}"
    user = visitor(two_associations, who, role)
    before = state_of(application)
    if user is None:
        for response in (client.get(path), client.post(path, data)):
            assert response.status_code == 302
            assert response["Location"] == redirect_to_login(path)["Location"]
        assert state_of(application) == before
        return
    client.force_login(user)
    if who == "applicant":
        assert client.get(path).status_code == OWN_GET[page]
        return
    assert client.get(path).status_code == 404
    assert client.post(path, data).status_code == 404
    assert state_of(application) == before


def test_another_applicant_gets_404_everywhere_and_changes_nothing(client, application):
    client.force_login(make_user())
    before = state_of(application)
    for suffix, data in PAGES.values():
        path = f"/applications/{application.pk}/{suffix}"
        assert client.get(path).status_code == 404, path
        assert client.post(path, data).status_code == 404, path
    assert state_of(application) == before


def test_an_application_that_does_not_exist_is_404(client, application):
    client.force_login(application.applicant)
    assert client.get(f"/applications/{application.pk + 1000}/").status_code == 404


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_the_list_shows_each_person_only_their_own_applications(
    client, two_associations, application, who, role
):
    user = visitor(two_associations, who, role)
    if user is None:
        assert client.get("/applications/").status_code == 302
        return
    client.force_login(user)
    html = client.get("/applications/").content.decode()
    mine = who == "applicant"
    assert (f"/applications/{application.pk}/" in html) is mine
    assert ("You have no applications yet" in html) is not mine


def test_starting_is_always_for_the_person_signed_in(client, two_associations):
    """The start form takes no person: a staff member who starts one starts their own."""
    coordinator = two_associations["alpha"]["coordinator"]
    client.force_login(coordinator)
    client.post(
        "/applications/start/",
        {
            "association": two_associations["alpha"]["association"].pk,
            "category": "IFS",
            "key": uuid.uuid4(),
            "applicant": two_associations["applicant"].pk,
        },
    )
    with scopes_disabled():
        assert list(Application.objects.values_list("applicant", flat=True)) == [coordinator.pk]


def test_the_pages_that_only_act_refuse_get(client, application):
    client.force_login(application.applicant)
    for suffix in ("references/", "submit/", "pay/"):
        assert client.get(f"/applications/{application.pk}/{suffix}").status_code == 405
