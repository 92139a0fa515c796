"""The association's side in a real browser, at desktop and phone width, with the accessibility
check on every page: the coordinator finds a submitted application in the pipeline and assigns a
reviewer; the reviewer judges each requirement of the snapshot and recommends; the coordinator
endorses."""

from __future__ import annotations

import pytest

from dyad.testing.browser import ARTIFACTS
from dyad.testing.factories import make_association, make_staff

from .conftest import submit_ifs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_from_the_pipeline_to_an_endorsement(page, sign_in_as, axe_check, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    association = make_association("alpha", name="Alpha Association", standards=["IMH-E"])
    coordinator = make_staff(association, "coordinator", display_name="Cora Coordinator")
    reviewer = make_staff(association, "reviewer", display_name="Rui Reviewer")
    submit_ifs(association, coordinator)

    sign_in_as(coordinator)
    page.goto("/a/alpha/")
    page.get_by_role("link", name="Applications", exact=True).click()
    page.get_by_role("heading", name="Applications", exact=True).wait_for()
    axe_check(page)
    shot(page, f"pipeline-{width}")
    page.get_by_role("link", name="Ana Applicant").click()
    page.get_by_text("Snapshot 1, frozen on").wait_for()
    axe_check(page)
    page.get_by_role("combobox", name="Reviewer").select_option(label="Rui Reviewer")
    page.get_by_role("button", name="Assign", exact=True).click()
    page.get_by_text("Rui Reviewer assigned.").wait_for()
    shot(page, f"coordinator-application-{width}")

    page.context.clear_cookies()
    sign_in_as(reviewer)
    page.goto("/a/alpha/reviews/")
    axe_check(page)
    page.get_by_role("link", name="IFS application of Ana Applicant").click()
    page.get_by_role("button", name="Save", exact=True).wait_for()
    axe_check(page)
    for select in page.locator("select[name^=judgement_]").all():
        select.select_option("confirmed")
    page.get_by_label("Your recommendation").select_option("endorse")
    shot(page, f"review-{width}")
    page.get_by_role("button", name="Send the recommendation").click()
    page.get_by_text("Recommendation sent to the coordinator.").wait_for()

    page.context.clear_cookies()
    sign_in_as(coordinator)
    page.goto("/a/alpha/applications/")
    page.get_by_role("link", name="Ana Applicant").click()
    page.get_by_text("Rui Reviewer recommended: endorse").wait_for()
    page.get_by_label("Endorse", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("Endorsed: endorsement ALPHA-").first.wait_for()
    axe_check(page)
    shot(page, f"decided-{width}")
