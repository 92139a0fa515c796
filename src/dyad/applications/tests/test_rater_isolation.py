"""Isolation of the rater and RS/C pages, every view against every visitor of the shared cast:
a link opens its own invitation and nothing else; the association's view of the references is
for alpha's coordinators and reviewers; resend and renew for those each is for; a provider's
page shows only sessions logged with them; the rater's answers never reach the applicant."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.applications import invitations, services
from dyad.applications.models import Reference, ReferenceRating
from dyad.core.models import OutboundEmail
from dyad.portfolios import services as portfolio
from dyad.testing.factories import make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor
from dyad.testing.portfolios import ago

from .conftest import last_email_to, link_in, name_rater
from .test_rater_form import full_rating

pytestmark = pytest.mark.django_db

SECRET = "Only-for-staff: calm under pressure, notes late."


@pytest.fixture
def other_application(two_associations):
    """Beta's application of another applicant, with its own rater."""
    bruno = make_user(display_name="Bruno Other")
    application = services.start_application(
        applicant=bruno, association=two_associations["beta"]["association"], category="IFS"
    )
    reference, path = name_rater(application, email="bea@example.org", name="Bea Rater")
    return application, reference, path


def sign_in(client, people, who, role):
    user = visitor(people, who, role)
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_a_rater_link_opens_its_own_application_only_for_anyone_who_has_it(
    client, two_associations, rater, other_application, who, role
):
    sign_in(client, two_associations, who, role)
    _reference, path = rater
    page = client.get(path).content.decode()
    assert "Reference for Ana Applicant" in page
    assert "Bruno Other" not in page
    assert "Association beta" not in page


def test_answering_by_one_link_answers_that_reference_only(client, rater, other_application):
    reference, path = rater
    _application, other, _other_path = other_application
    client.post(path, full_rating())
    with scopes_disabled():
        assert Reference.objects.get(pk=reference.pk).status == "rated"
        assert Reference.objects.get(pk=other.pk).status == "requested"
        assert list(ReferenceRating.objects.values_list("reference_id", flat=True)) == [
            reference.pk
        ]


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_the_references_page_is_for_alphas_coordinators(
    client, two_associations, application, rater, who, role
):
    sign_in(client, two_associations, who, role)
    _reference, path = rater
    client.post(path, full_rating(comments=SECRET))
    url = reverse("raters:application_references", args=["alpha", application.pk])
    response = client.get(url)
    allowed = who == "alpha" and role == "coordinator"  # reviewers: when assigned (below)
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        page = response.content.decode()
        assert SECRET in page
        assert "Rita Rater" in page
        assert ("Renew the link" in page) is False  # answered: nothing to renew


def test_beta_staff_cannot_reach_alphas_application_through_their_own_address(
    client, two_associations, application
):
    client.force_login(two_associations["beta"]["coordinator"])
    url = reverse("raters:application_references", args=["beta", application.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("action", ["raters:renew", "raters:staff_resend"])
@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_renew_and_resend_are_for_alphas_coordinator(
    client, two_associations, rater, action, who, role
):
    sign_in(client, two_associations, who, role)
    reference, _path = rater
    with scopes_disabled():
        Reference.objects.filter(pk=reference.pk).update(invited_at=None)
        before = OutboundEmail.objects.count()
    response = client.post(reverse(action, args=["alpha", reference.pk]))
    allowed = who == "alpha" and role == "coordinator"
    assert response.status_code == (302 if allowed else 404)
    with scopes_disabled():
        assert OutboundEmail.objects.count() == before + (1 if allowed else 0)


def test_renew_refuses_a_reference_of_another_association(
    client, two_associations, other_application
):
    _application, other, _path = other_application
    client.force_login(two_associations["alpha"]["coordinator"])
    assert client.post(reverse("raters:renew", args=["alpha", other.pk])).status_code == 404


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_the_applicant_resends_their_invitation(client, two_associations, rater, who, role):
    user = sign_in(client, two_associations, who, role)
    reference, _path = rater
    with scopes_disabled():
        Reference.objects.filter(pk=reference.pk).update(invited_at=None)
        before = OutboundEmail.objects.count()
    response = client.post(reverse("raters:resend", args=[reference.pk]), {"next": "/portfolio/"})
    with scopes_disabled():
        sent = OutboundEmail.objects.count() - before
    if who == "applicant":
        assert (response.status_code, response["Location"], sent) == (302, "/portfolio/", 1)
    elif user is None:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
        assert sent == 0
    else:
        assert (response.status_code, sent) == (404, 0)


def test_resend_never_redirects_off_site(client, two_associations, rater):
    reference, _path = rater
    client.force_login(two_associations["applicant"])
    response = client.post(
        reverse("raters:resend", args=[reference.pk]), {"next": "https://evil.example.org/"}
    )
    assert response["Location"] == reverse("web:dashboard")


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_a_providers_page_shows_only_sessions_logged_with_them(
    client, two_associations, application, who, role
):
    mentor = make_user(display_name="Mia Mentor")
    owner = application.applicant
    from dyad.testing.factories import make_association, make_endorsement

    make_endorsement(make_association(), "Mia Mentor", "IMHM-C", holder=mentor)
    provider = portfolio.add_rsc_provider(owner=owner, user=mentor, degree="master")
    portfolio.add_rsc_session(
        owner=owner, provider=provider, date=ago(5), minutes=60, format="individual"
    )
    user = sign_in(client, two_associations, who, role)
    url = reverse("raters:rsc_mine_confirm", args=[provider.pk])
    response = client.get(url)
    assert response.status_code == (302 if user is None else 404)
    if user is not None:
        assert "Ana Applicant" not in client.get("/rsc/").content.decode()
    client.force_login(mentor)
    assert client.get(url).status_code == 200
    assert "Ana Applicant" in client.get("/rsc/").content.decode()


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_an_rsc_link_shows_its_applicants_sessions_only(
    client, two_associations, application, other_application, who, role
):
    owner = application.applicant
    provider = portfolio.add_rsc_provider(owner=owner, name="Olga Outside", degree="master")
    portfolio.add_rsc_session(
        owner=owner, provider=provider, date=ago(5), minutes=55, format="group"
    )
    confirmation = invitations.request_rsc_confirmation(
        application=application, actor=owner, provider=provider, email="olga@example.org"
    )
    path = link_in(last_email_to(confirmation.email))
    sign_in(client, two_associations, who, role)
    page = client.get(path).content.decode()
    assert "RS/C sessions Ana Applicant logged with you" in page
    assert "55 minutes, in a group" in page
    assert "Bruno Other" not in page


def test_no_page_of_the_applicant_shows_what_the_rater_wrote(
    client, two_associations, application, rater
):
    _reference, path = rater
    client.post(path, full_rating(comments=SECRET))
    client.force_login(two_associations["applicant"])
    urls = [
        "/",
        "/dashboard/",
        "/portfolio/",
        "/portfolio/history/",
        "/rsc/",
        path,
        path + "decline/",
        reverse("raters:application_references", args=["alpha", application.pk]),
    ]
    for url in urls:
        response = client.get(url, follow=True)
        assert SECRET not in response.content.decode(), url
    from dyad.applications.selectors import timeline
    from dyad.core.events import describe

    assert all(SECRET not in describe(e) for e in timeline(application))
    with scopes_disabled():
        assert all(SECRET not in str(e.data) for e in timeline(application))
