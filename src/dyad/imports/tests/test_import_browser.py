"""In a browser: a coordinator uploads endorsees, reads the dry run, confirms, and sees the
history, at a desk and on a phone, with the axe check on every page; a file with a bad row
names it. DYAD_SHOTS=<dir> keeps a screenshot of each page there."""

import os
from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from dyad.credentials.models import Endorsement
from dyad.testing.factories import make_association, make_staff

from .helpers import as_csv, as_xlsx, endorsee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    folder = os.environ.get("DYAD_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 375])
def test_upload_dry_run_confirm(page, sign_in_as, axe_check, tmp_path, width):
    association = make_association("alpha", name="Alpha Association for Infant Mental Health")
    sign_in_as(make_staff(association, "coordinator"))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/a/alpha/imports/")
    page.get_by_text("No import yet").wait_for()
    assert fits(page)
    axe_check(page)
    shot(page, f"imports-empty-{width}")

    bad = tmp_path / "endorsees-bad.csv"
    bad.write_bytes(as_csv([endorsee(1), endorsee(2, granted="someday")]))
    page.get_by_label("File").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file (dry run)").click()
    page.get_by_role("heading", name="1 row is in error: nothing will be saved").wait_for()
    assert "“someday” is not a date" in page.locator("table.import-errors").inner_text()
    assert fits(page)
    axe_check(page)
    shot(page, f"imports-refused-{width}")

    page.get_by_role("link", name="Upload a corrected file").click()
    good = tmp_path / "endorsees.xlsx"
    good.write_bytes(as_xlsx([endorsee(1), endorsee(2), endorsee(3, status="revoked")]))
    page.get_by_label("File").set_input_files(str(good))
    page.get_by_role("button", name="Check the file (dry run)").click()
    page.get_by_role("heading", name="Dry run: nothing is saved yet").wait_for()
    assert fits(page)
    axe_check(page)
    shot(page, f"imports-dry-run-{width}")
    with scopes_disabled():
        assert Endorsement.objects.count() == 0

    page.get_by_role("button", name="Confirm: create 3, update 0").click()
    page.get_by_role("heading", name="Done").wait_for()
    assert "3 created, 0 updated, 0 left alone." in page.locator("main").inner_text()
    axe_check(page)
    shot(page, f"imports-done-{width}")
    with scopes_disabled():
        assert Endorsement.objects.count() == 3

    page.get_by_role("link", name="All imports").click()
    history = page.locator("table.imports-history")
    history.wait_for()
    assert "endorsees.xlsx" in history.inner_text()
    assert fits(page)
    axe_check(page)
    shot(page, f"imports-history-{width}")


def test_a_big_file_shows_its_progress_and_polls(
    page, sign_in_as, axe_check, settings, tmp_path, run_tasks
):
    settings.DYAD_IMPORT_WORKER_ROWS = 2  # so three rows go to the worker (not running here)
    association = make_association("alpha", name="Alpha Association for Infant Mental Health")
    sign_in_as(make_staff(association, "coordinator"))
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/a/alpha/imports/")
    big = tmp_path / "big.csv"
    big.write_bytes(as_csv([endorsee(1), endorsee(2), endorsee(3)]))
    page.get_by_label("File").set_input_files(str(big))
    page.get_by_role("button", name="Check the file (dry run)").click()
    status = page.get_by_role("status")
    status.get_by_role("heading", name="Checking the file (dry run)…").wait_for()
    assert page.locator("[hx-trigger='every 2s']").count() == 1
    page.get_by_role("button", name="Sign out").focus()
    with page.expect_request(lambda r: "/imports/" in r.url and r.method == "GET"):
        pass  # htmx asks again within two seconds
    page.wait_for_timeout(300)
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Sign out"  # polling never moves the keyboard's focus
    assert fits(page)
    axe_check(page)
    shot(page, "imports-checking-375")
    run_tasks()  # the worker makes the dry run; the page notices by itself
    page.get_by_role("heading", name="Dry run: nothing is saved yet").wait_for()
    assert page.locator("[hx-trigger='every 2s']").count() == 0
