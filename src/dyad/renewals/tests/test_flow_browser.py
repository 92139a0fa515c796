"""Renewing in a real browser, with the accessibility check on every renewal page: one person
pays and is granted at once; another is drawn for audit, uploads a certificate, and the
coordinator confirms. Screenshots at desktop and phone width go to /tmp/shots/renew-flow/."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from dyad.credentials.models import Endorsement
from dyad.portfolios.transcripts import sample_pdf
from dyad.testing.factories import make_association, make_staff

from .flow_helpers import audit_share, endorsed_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}
SHOTS = Path("/tmp/shots/renew-flow")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def expires_of(endorsement):
    with scopes_disabled():
        return Endorsement.objects.get(pk=endorsement.pk).expires


@pytest.mark.parametrize("width", WIDTHS)
def test_a_person_pays_submits_and_is_renewed_at_once(page, sign_in_as, axe_check, settings, width):
    settings.DYAD_PAYMENT_PROVIDER = "fake"
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    association = make_association("lakes", name="Lakes Association", renewal_fee=Decimal("40.00"))
    audit_share(association, "0")
    person, endorsement = endorsed_person(association, name="Omar Haddad", agreements=False)
    sign_in_as(person)

    page.goto("/dashboard/")
    page.get_by_role("link", name="Renew your endorsements").click()
    page.get_by_role("heading", name="Your renewals").wait_for()
    axe_check(page)
    shot(page, f"list-{width}")
    page.get_by_role("button", name="Renew IFA").click()

    page.get_by_role("heading", name="What the renewal asks").wait_for()
    assert "Agreements" in page.locator("#missing").inner_text()
    axe_check(page)
    shot(page, f"renewal-started-{width}")
    page.get_by_role("button", name="Sign both agreements today").click()
    page.locator("#all-met").wait_for()
    page.get_by_role("button", name="Pay 40.00 USD").click()
    page.get_by_text("The renewal fee is paid.").wait_for()
    page.get_by_role("button", name="Submit the renewal").click()
    page.locator("#granted").wait_for()
    assert "Your endorsement is renewed until" in page.locator("main").inner_text()
    axe_check(page)
    shot(page, f"renewal-granted-{width}")
    assert expires_of(endorsement) > endorsement.expires


def test_a_drawn_person_uploads_evidence_and_the_coordinator_confirms(
    page, sign_in_as, axe_check, tmp_path
):
    association = make_association("lakes", name="Lakes Association")
    audit_share(association, "1")
    coordinator = make_staff(association, "coordinator", display_name="Maria Okafor")
    person, endorsement = endorsed_person(association, name="Grace Kowalski")
    sign_in_as(person)
    page.goto("/renewals/")
    page.get_by_role("button", name="Renew IFA").click()
    page.get_by_role("button", name="Submit the renewal").click()
    page.locator("#audit").wait_for()
    certificate = tmp_path / "training-certificate.pdf"
    certificate.write_bytes(sample_pdf("Certificate of training", "16 hours"))
    page.get_by_label("What it shows").select_option("training")
    page.get_by_label("File").set_input_files(str(certificate))
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("link", name="training-certificate.pdf").wait_for()
    axe_check(page)
    for width, size in WIDTHS.items():
        page.set_viewport_size(dict(zip(("width", "height"), size, strict=True)))
        shot(page, f"renewal-audit-{width}")
    assert expires_of(endorsement) == endorsement.expires

    page.context.clear_cookies()
    sign_in_as(coordinator)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/a/lakes/")
    page.get_by_role("link", name="Renewals to decide").click()
    page.get_by_role("heading", name="Renewals to decide").wait_for()
    axe_check(page)
    shot(page, "audits-desktop")
    page.get_by_role("link", name="Grace Kowalski").click()
    page.get_by_role("link", name="training-certificate.pdf").wait_for()
    axe_check(page)
    shot(page, "audit-desktop")
    page.set_viewport_size({"width": 375, "height": 812})
    shot(page, "audit-phone")
    page.get_by_role("button", name="Confirm the renewal").click()
    page.get_by_text("Renewal confirmed: the endorsement is renewed.").wait_for()
    assert expires_of(endorsement) > endorsement.expires


def test_a_lapsed_person_applies_to_reinstate_and_is_asked_only_for_the_years_work(
    page, sign_in_as, axe_check
):
    from dyad.credentials.services import lapse_endorsement

    from .flow_helpers import ago

    association = make_association("lakes", name="Lakes Association")
    person, endorsement = endorsed_person(association, name="Lena Brooks")
    with scopes_disabled():
        Endorsement.objects.filter(pk=endorsement.pk).update(expires=ago(130))
        endorsement.refresh_from_db()
        lapse_endorsement(endorsement=endorsement, reason="not renewed")
    sign_in_as(person)
    page.goto("/renewals/")
    assert "Lapsed:" in page.locator("main").inner_text()
    axe_check(page)
    for width, size in WIDTHS.items():
        page.set_viewport_size(dict(zip(("width", "height"), size, strict=True)))
        shot(page, f"list-lapsed-{width}")
    page.get_by_role("button", name="Apply to reinstate IFA").click()
    page.locator("#reinstates").wait_for()
    checklist = page.locator("#checklist").inner_text()
    assert "Specialized training" in checklist and "References" in checklist
    assert "Education" not in checklist
    axe_check(page)
    shot(page, "reinstatement-phone")
