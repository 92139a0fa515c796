"""The requirement-set editor in a real browser, at desktop and phone width, with the
accessibility check on every page: start a draft, a refused value shown next to its field, a
saved one, the impact preview with its progress, compare, publish, the public page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from dyad.applications import services as applications
from dyad.testing.browser import ARTIFACTS
from dyad.testing.factories import make_association, make_staff, make_user
from dyad.testing.portfolios import nearly_ifs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}
#: where the screenshots go: test-artifacts/, or DYAD_SHOTS to look at them elsewhere
SHOTS = Path(os.environ.get("DYAD_SHOTS", str(ARTIFACTS)))


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"rulesets-{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_coordinator_drafts_previews_and_publishes(page, sign_in_as, axe_check, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    association = make_association("alpha", name="Alpha Association", standards=["IMH-E"])
    coordinator = make_staff(association, "coordinator", display_name="Cora Coordinator")
    applicant = make_user(display_name="Gail Gains")
    nearly_ifs(applicant, rsc_hours=20)
    applications.start_application(applicant=applicant, association=association, category="IFS")

    sign_in_as(coordinator)
    page.goto("/a/alpha/")
    page.get_by_role("link", name="Requirements", exact=True).click()
    page.get_by_role("heading", name="Requirements", exact=True).wait_for()
    axe_check(page)
    shot(page, f"home-{width}")
    page.get_by_label("the Alliance's baseline").check()
    page.get_by_role("button", name="Start a draft").click()
    page.get_by_role("heading", name="Draft of the IMH-E requirements").wait_for()
    axe_check(page)

    page.get_by_role("link", name="Change IFS").click()
    hours = page.get_by_label("Hours of reflective supervision/consultation (RS/C) received")
    hours.fill("-2")
    page.get_by_role("button", name="Save in the draft").click()
    page.get_by_text("Enter a number above 0.").wait_for()
    assert "errors" in hours.get_attribute("aria-describedby")  # the message is tied to it
    axe_check(page)
    shot(page, f"category-error-{width}")
    hours.fill("20")
    page.get_by_role("button", name="Save in the draft").click()
    page.get_by_text("IFS saved in the draft.").wait_for()
    page.get_by_text("RS/C hours for IFS: 24 → 20").wait_for()

    page.get_by_role("button", name="Preview the impact").click()
    page.get_by_text("Waiting for the worker").wait_for()
    shot(page, f"impact-waiting-{width}")
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)
    page.get_by_text("would qualify", exact=True).wait_for(
        timeout=10_000
    )  # the page polled the result
    page.get_by_role("cell", name="Gail Gains").wait_for()
    axe_check(page)
    shot(page, f"draft-{width}")

    page.get_by_label("Note").fill("IFS asks 20 hours of RS/C")
    page.get_by_role("button", name="Publish this version").click()
    page.get_by_text("Version 1 is published").wait_for()
    page.get_by_role("link", name="Compare two versions").click()
    page.get_by_label("From version").select_option("imh-e-baseline@1")
    page.get_by_label("To version").select_option("alpha-imh-e@1")
    page.get_by_role("button", name="Compare", exact=True).click()
    page.get_by_text("RS/C hours for IFS: 24 → 20").wait_for()
    axe_check(page)
    shot(page, f"compare-{width}")

    page.context.clear_cookies()
    page.goto("/requirements/alpha/")
    page.get_by_text("Version alpha-imh-e@1").wait_for()
    axe_check(page)
    shot(page, f"public-{width}")
