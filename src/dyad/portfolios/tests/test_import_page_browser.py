"""Importing the example portfolio file in a real browser, at desktop and phone widths, in
English and Spanish, with the accessibility check on each page: choose the file, read what it
adds, confirm, land on the portfolio's home page; then read the history."""

from pathlib import Path

import pytest

from dyad.portfolios.models import Training
from dyad.testing.browser import ARTIFACTS
from dyad.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 390}
EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "example-portfolio.json"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("device", WIDTHS)
def test_an_applicant_imports_the_example_file_with_a_preview(
    page, sign_in_as, axe_check, live_server, device, language
):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    if language == "es":
        page.context.add_cookies(
            [{"name": "django_language", "value": "es", "url": live_server.url}]
        )
    person = make_user(display_name="Ana Ruiz")
    sign_in_as(person)
    page.goto("/portfolio/")
    page.locator('#main a[href="/portfolio/import/"]').first.click()
    page.wait_for_url("**/portfolio/import/")
    axe_check(page)
    page.locator("#id_portfolio").set_input_files(str(EXAMPLE))
    page.locator('form[action="/portfolio/import/"] button[type="submit"]').click()
    page.locator("#import-added").wait_for()
    assert not Training.objects.filter(owner=person).exists()
    if language == "en":
        assert "Nothing is saved until you confirm." in page.inner_text("#main")
        assert "Training" in page.locator("#import-added").inner_text()
    shot(page, f"import-preview-{language}-{device}")
    axe_check(page)
    page.locator('form[action="/portfolio/import/confirm/"] button[type="submit"]').click()
    page.wait_for_url("**/portfolio/")
    page.locator("#cat-IFS").first.wait_for()
    assert Training.objects.filter(owner=person).exists()
    if language == "en":
        assert "Portfolio file imported:" in page.inner_text(".messages")
    shot(page, f"import-home-{language}-{device}")
    axe_check(page)
    page.goto("/portfolio/history/")
    assert page.locator("#history li").count() == 1
    shot(page, f"history-{language}-{device}")
    axe_check(page)
