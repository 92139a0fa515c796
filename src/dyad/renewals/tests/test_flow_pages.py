"""The renewal pages: what the person and the coordinator see and do, who else gets a 404
(the isolation matrix for every new view, GET and POST, nothing changed), and query counts that
stay flat as the lists grow."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.applications.models import Application
from dyad.core.models import Event
from dyad.credentials.models import Endorsement
from dyad.portfolios import services as portfolio
from dyad.portfolios.transcripts import sample_pdf
from dyad.renewals import services
from dyad.renewals.models import AuditEvidence, Renewal
from dyad.testing.factories import make_association, make_endorsement
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

from .flow_helpers import ago, audit_share, endorsed_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(two_associations):
    """A renewal of association alpha, drawn for audit, with one file of evidence."""
    association = two_associations["alpha"]["association"]
    audit_share(association, "1")
    person, endorsement = endorsed_person(association)
    renewal = services.start_renewal(endorsement=endorsement, person=person)
    renewal = services.submit_renewal(renewal=renewal, person=person)
    evidence = services.add_evidence(
        renewal=renewal, person=person, kind="training", name="cert.pdf", data=sample_pdf("ok")
    )
    return renewal, evidence


def state_of(renewal):
    with scopes_disabled():
        fresh = Renewal.objects.get(pk=renewal.pk)
        return (
            fresh.state,
            fresh.fee_status,
            AuditEvidence.objects.filter(renewal=renewal).count(),
            Event.objects.count(),
        )


# -- the person's pages ---------------------------------------------------------------------

PERSON_PAGES = {
    # url name: (GET answer for the person, POST data)
    "detail": (200, {}),
    "sign": (405, {}),
    "pay": (405, {}),
    "payment_return": (302, {}),
    "submit": (405, {}),
}


@pytest.mark.parametrize("page", PERSON_PAGES)
@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_the_person_sees_or_acts_on_their_renewal(
    client, two_associations, drawn, page, who, role
):
    renewal, evidence = drawn
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    url = reverse(f"renewals:{page}", args=[renewal.pk])
    before = state_of(renewal)
    for method in ("get", "post"):
        response = getattr(client, method)(url, PERSON_PAGES[page][1])
        if user is None:
            assert response.status_code == 302
            assert response.url == redirect_to_login(url).url
        else:
            assert response.status_code == 404
    for url in (
        reverse("renewals:evidence", args=[renewal.pk, evidence.pk]),
        reverse("renewals:remove_evidence", args=[renewal.pk, evidence.pk]),
    ):
        response = client.post(url) if "remove" in url else client.get(url)
        assert response.status_code == (302 if user is None else 404)
    assert state_of(renewal) == before


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_nobody_else_can_start_or_upload_to_a_renewal(client, two_associations, drawn, who, role):
    renewal, _ = drawn
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    before = state_of(renewal)
    upload = SimpleUploadedFile("x.pdf", sample_pdf("x"), content_type="application/pdf")
    response = client.post(
        reverse("renewals:upload_evidence", args=[renewal.pk]), {"kind": "rsc", "file": upload}
    )
    assert response.status_code == (302 if user is None else 404)
    response = client.post(reverse("renewals:start", args=[renewal.endorsement_id]))
    assert response.status_code == (302 if user is None else 404)
    assert state_of(renewal) == before
    response = client.get(reverse("renewals:mine"))
    if user is not None:
        assert renewal.endorsement.number not in response.content.decode()


def test_the_person_sees_what_is_missing_with_the_portfolio_form_and_renews(client, db):
    association = make_association("lakes")
    audit_share(association, "0")
    person, endorsement = endorsed_person(association, training_hours=0)
    client.force_login(person)
    page = client.get(reverse("renewals:mine")).content.decode()
    assert endorsement.number in page and "Renew IFA" in page
    response = client.post(reverse("renewals:start", args=[endorsement.pk]))
    with scopes_disabled():
        renewal = Renewal.objects.get(person=person)
    assert response.url == reverse("renewals:detail", args=[renewal.pk])
    page = client.get(response.url).content.decode()
    assert 'id="missing"' in page
    assert reverse("portfolios:new_training") in page
    portfolio.add_training(
        owner=person,
        title="IMH",
        date=ago(3),
        minutes=16 * 60,
        imh_specific=True,
        areas=["attachment_loss"],
    )
    page = client.get(response.url).content.decode()
    assert 'id="all-met"' in page
    done = client.post(reverse("renewals:submit", args=[renewal.pk]), follow=True)
    text = done.content.decode()
    assert "Your endorsement is renewed until" in text
    assert 'id="granted"' in text


def test_a_refused_file_is_named_next_to_the_field(client, two_associations, drawn):
    renewal, _ = drawn
    client.force_login(renewal.person)
    upload = SimpleUploadedFile("notes.pdf", b"plain words", content_type="application/pdf")
    response = client.post(
        reverse("renewals:upload_evidence", args=[renewal.pk]), {"kind": "rsc", "file": upload}
    )
    assert response.status_code == 400
    assert "notes.pdf:" in response.content.decode()


# -- the coordinator's pages ------------------------------------------------------------------

STAFF_PAGES = ("audits", "audit", "audit_evidence")


def staff_url(page, renewal, evidence, slug="alpha"):
    args = {
        "audits": [slug],
        "audit": [slug, renewal.pk],
        "audit_evidence": [slug, renewal.pk, evidence.pk],
    }
    return reverse(f"renewals:{page}", args=args[page])


@pytest.mark.parametrize("page", STAFF_PAGES)
@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_alphas_coordinator_sees_its_audits(client, two_associations, drawn, page, who, role):
    renewal, evidence = drawn
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = client.get(staff_url(page, renewal, evidence))
    allowed = who == "alpha" and role == "coordinator"
    assert response.status_code == (200 if allowed else 404)
    # beta's coordinator finds nothing of alpha's under beta's address either
    if who == "beta" and role == "coordinator" and page != "audits":
        assert client.get(staff_url(page, renewal, evidence, "beta")).status_code == 404


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_alphas_coordinator_decides(client, two_associations, drawn, who, role):
    renewal, evidence = drawn
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    before = state_of(renewal)
    response = client.post(staff_url("audit", renewal, evidence), {"action": "confirm"})
    if who == "alpha" and role == "coordinator":
        assert response.status_code == 302
        assert state_of(renewal)[0] == "granted"
    else:
        assert response.status_code == 404
        assert state_of(renewal) == before


def test_the_coordinator_returns_with_a_reason_and_the_person_reads_it(
    client, two_associations, drawn
):
    renewal, evidence = drawn
    client.force_login(two_associations["alpha"]["coordinator"])
    url = staff_url("audit", renewal, evidence)
    page = client.get(url).content.decode()
    assert "cert.pdf" in page and renewal.draw["seed"] in page
    empty = client.post(url, {"action": "return", "reason": ""})
    assert empty.status_code == 400
    assert "Say what the person should add or fix." in empty.content.decode()
    client.post(url, {"action": "return", "reason": "The certificate has no date."})
    client.force_login(renewal.person)
    page = client.get(reverse("renewals:detail", args=[renewal.pk])).content.decode()
    assert "The certificate has no date." in page


def test_the_coordinator_records_a_fee_paid_outside_dyad(client, two_associations, settings):
    settings.DYAD_PAYMENT_PROVIDER = "manual"
    association = two_associations["alpha"]["association"]
    association.renewal_fee = Decimal("30")
    association.save()
    person, endorsement = endorsed_person(association)
    renewal = services.start_renewal(endorsement=endorsement, person=person)
    client.force_login(person)
    page = client.get(reverse("renewals:detail", args=[renewal.pk])).content.decode()
    assert 'id="pay-instructions"' in page and 'id="not-ready"' in page
    client.force_login(two_associations["alpha"]["coordinator"])
    url = reverse("renewals:audit", args=["alpha", renewal.pk])
    response = client.post(url, {"action": "fee", "fee_status": "waived", "reference": ""})
    assert response.status_code == 302
    assert state_of(renewal)[1] == "waived"


# -- query counts -----------------------------------------------------------------------------


def _drawn_renewals(association, n, start=0):
    for i in range(n):
        person, endorsement = endorsed_person(association, name=f"Person {start + i}")
        services.submit_renewal(
            renewal=services.start_renewal(endorsement=endorsement, person=person), person=person
        )


def test_the_audit_list_costs_the_same_queries_at_two_sizes(
    client, two_associations, django_assert_max_num_queries
):
    association = two_associations["alpha"]["association"]
    audit_share(association, "1")
    client.force_login(two_associations["alpha"]["coordinator"])
    url = reverse("renewals:audits", args=["alpha"])
    _drawn_renewals(association, 2)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    _drawn_renewals(association, 20, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("drawn for audit") >= 22


def test_the_persons_list_costs_the_same_queries_at_two_sizes(
    client, two_associations, django_assert_max_num_queries
):
    association = two_associations["alpha"]["association"]
    person, _ = endorsed_person(association)
    client.force_login(person)
    url = reverse("renewals:mine")
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    for i in range(10):
        make_endorsement(make_association(f"x{i}"), "Rosa Renewer", "IFA", holder=person)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).content.decode().count("Valid until") >= 10


# -- reinstatement from the renewals page -----------------------------------------------------


@pytest.fixture
def lapsed(two_associations):
    person, endorsement = endorsed_person(two_associations["alpha"]["association"])
    with scopes_disabled():
        from dyad.credentials.services import lapse_endorsement

        Endorsement.objects.filter(pk=endorsement.pk).update(expires=ago(200))
        endorsement.refresh_from_db()
        endorsement = lapse_endorsement(endorsement=endorsement, reason="not renewed")
    return person, endorsement


def test_a_lapsed_person_applies_to_reinstate_once(client, lapsed):
    person, endorsement = lapsed
    client.force_login(person)
    page = client.get(reverse("renewals:mine")).content.decode()
    assert "Lapsed:" in page and "Apply to reinstate IFA" in page
    url = reverse("renewals:reinstate", args=[endorsement.pk])
    key = "6f1d3a5e-2b4c-4d8e-9f0a-1b2c3d4e5f60"
    first = client.post(url, {"key": key})
    again = client.post(url, {"key": key})
    assert first.url == again.url
    with scopes_disabled():
        application = Application.objects.get(applicant=person)
    assert application.reinstates_id == endorsement.pk
    page = client.get(first.url).content.decode()
    assert 'id="reinstates"' in page


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_nobody_else_can_reinstate_someones_endorsement(
    client, two_associations, lapsed, who, role
):
    _person, endorsement = lapsed
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    url = reverse("renewals:reinstate", args=[endorsement.pk])
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == (302 if user is None else 404)
    with scopes_disabled():
        assert not Application.objects.exists()
