"""In a browser: the verification page, the holder's page and a coordinator revoking, at a desk
and on a phone, with the axe check. DYAD_SHOTS=<dir> keeps a screenshot of each page there."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from dyad.testing.factories import make_association, make_endorsement, make_staff, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    folder = os.environ.get("DYAD_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def fits(page) -> bool:
    """Nothing sticks out sideways (no horizontal scrolling on a phone)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def world(db):
    alpha = make_association("alpha", name="Alpha Association for Infant Mental Health")
    holder = make_user(display_name="Nia Thompson")
    make_endorsement(alpha, "Nia Thompson", "IMHM-C", number="AL-IMHMC-1", holder=holder)
    expires = timezone.localdate() - timedelta(days=20)
    make_endorsement(
        alpha, "Nia Thompson", "IFS", number="AL-IFS-2", holder=holder, expires=expires
    )
    return {"alpha": alpha, "holder": holder}


@pytest.mark.parametrize("width", [1280, 390])
def test_the_verification_page_reads_clearly_anywhere(page, world, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/verify/AL-IFS-2")
    status = page.get_by_role("heading", name="In force")
    status.wait_for()
    assert "in its grace period since" in page.locator("main").inner_text()
    assert fits(page)
    axe_check(page)
    shot(page, f"verify-{width}")
    page.goto("/verify/NOPE-1")
    page.get_by_role("heading", name="Credential not found").wait_for()
    shot(page, f"verify-unknown-{width}")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_holder_copies_the_verification_link_with_the_keyboard(
    page, world, sign_in_as, axe_check, width
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(world["holder"])
    page.goto("/credentials/")
    page.get_by_role("heading", name="Infant Mental Health Mentor – Clinical (IMHM-C)").wait_for()
    assert fits(page)
    axe_check(page)
    shot(page, f"mine-{width}")
    button = page.get_by_role("button", name="Copy").first
    button.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("/verify/AL-IMHMC-1")


def test_a_coordinator_revokes_and_the_public_page_says_why(page, world, sign_in_as, axe_check):
    sign_in_as(make_staff(world["alpha"], "coordinator"))
    page.goto("/a/alpha/credentials/")
    page.get_by_role("link", name="Nia Thompson").first.click()
    page.get_by_role("button", name="Revoke the endorsement").wait_for()
    axe_check(page)
    page.get_by_role("button", name="Revoke the endorsement").click()
    page.get_by_text("Say why the endorsement is revoked.").or_(
        page.get_by_text("This field is required.")
    ).first.wait_for()
    page.get_by_label("Why is it revoked?").fill("Licence withdrawn")
    page.get_by_role("button", name="Revoke the endorsement").click()
    page.get_by_text("The endorsement is revoked.").wait_for()
    shot(page, "staff-detail-1280")
    number = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"/verify/{number}")
    assert "Reason: Licence withdrawn" in page.locator("main").inner_text()
