"""In a browser: the dashboard, the workforce map and the Alliance's report at a desk and on a
phone, with the axe check; the map's category choice by keyboard. DYAD_SHOTS=<dir> keeps a
screenshot of each page there."""

import os
from pathlib import Path

import pytest

from dyad.reports.history import add_history
from dyad.testing.factories import make_association, make_staff, make_user

from .data import alpha_exams, alpha_history

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
    alpha_history(alpha)
    alpha_exams(alpha)
    add_history(
        alpha, state="MI", counties=["Wayne County", "Kent County", "Ingham County"], people=60
    )
    return {"alpha": alpha, "coordinator": make_staff(alpha, "coordinator")}


@pytest.mark.parametrize("width", [1280, 375])
def test_the_coordinator_reads_the_dashboard_and_the_map(page, world, sign_in_as, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(world["coordinator"])
    page.goto("/a/alpha/")
    page.get_by_role("link", name="Reports").click()
    page.get_by_role("heading", name="Reports", exact=True).wait_for()
    assert page.locator("svg.report-chart").count() == 7
    exams = page.get_by_role("table", name="Exam pass rates")
    assert exams.is_visible()
    assert "IMHM-C" in exams.inner_text()
    assert fits(page)
    axe_check(page)
    shot(page, f"dashboard-{width}")
    categories = page.get_by_role("table", name="Endorsements by category")
    categories.get_by_role("link", name="IFS", exact=True).click()
    page.get_by_role("heading", name="Endorsements: IFS, in force today").wait_for()
    assert page.locator("main table tbody tr").count() >= 1
    assert fits(page)
    axe_check(page)
    shot(page, f"list-{width}")
    page.go_back()
    page.get_by_role("link", name="Workforce map").click()
    page.get_by_role("heading", name="Workforce map").wait_for()
    assert page.locator("svg.report-map path").count() == 83
    table = page.get_by_role("table", name="Endorsed people by county")
    assert "Wayne" in table.inner_text()
    assert fits(page)
    axe_check(page)
    shot(page, f"map-{width}")
    page.get_by_label("Category").select_option("IFS")
    page.get_by_role("button", name="Show").press("Enter")
    page.wait_for_url("**category=IFS**")
    assert page.get_by_label("Category").input_value() == "IFS"
    axe_check(page)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_alliance_compares_cycle_times(page, world, sign_in_as, axe_check, width):
    beta = make_association("beta", name="Beta Association")
    add_history(beta, state="NE", counties=["Douglas County"], people=40)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as(make_user(is_alliance_admin=True, mfa=True))
    page.goto("/alliance/")
    page.get_by_role("link", name="Reports and cycle times").click()
    page.get_by_role("heading", name="Alliance report").wait_for()
    comparison = page.get_by_role("table", name="Cycle times by association")
    assert "Beta Association" in comparison.inner_text()
    assert fits(page)
    axe_check(page)
    shot(page, f"alliance-{width}")
