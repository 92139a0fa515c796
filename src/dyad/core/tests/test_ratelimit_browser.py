"""In a browser: past the limit, the upload page says so in place (htmx swaps the 429 page in)
instead of the button silently doing nothing."""

import json

import pytest
from django.core.cache import caches
from django.core.management import call_command

from dyad.settings import cache_settings
from dyad.standards.tests.builders import complete_imhs
from dyad.testing.browser import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_visitor_past_the_limit_reads_when_to_try_again(
    page, axe_check, settings, tmp_path, width
):
    settings.DYAD_RATE_LIMITS = {"check_portfolio_file": {"address": "1/h", "account": "1/h"}}
    settings.CACHES = cache_settings("")  # the database's, even where REDIS_URL is set
    call_command("createcachetable")  # made with the test database only without REDIS_URL
    caches["default"].clear()  # the table outlives transactional tests
    page.set_viewport_size({"width": width, "height": 900})
    path = tmp_path / "ana.json"
    path.write_text(json.dumps(complete_imhs(exams=[])))
    page.goto("/eligibility/")
    page.get_by_label("Portfolio file").set_input_files(str(path))
    page.get_by_role("button", name="Check eligibility").click()
    page.get_by_role("heading", name="Results for Test Person").wait_for()
    page.get_by_label("Portfolio file").set_input_files(str(path))
    with page.expect_response("**/eligibility/") as answer:
        page.get_by_role("button", name="Check eligibility").click()
    assert answer.value.status == 429
    assert int(answer.value.headers["retry-after"]) <= 3600
    page.get_by_role("heading", name="Too many requests").wait_for()
    assert "Please try again in" in page.locator("#main").inner_text()
    axe_check(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"ratelimit-429-{width}.png"), full_page=True)
    page.get_by_role("link", name="Back to the form").click()
    page.get_by_label("Portfolio file").wait_for()
