"""The portfolio page in a real browser, at desktop and phone width, with the accessibility check:
an applicant whose portfolio was made with the services reads where they stand for IFS."""

import pytest

from dyad.testing.browser import ARTIFACTS
from dyad.testing.factories import make_user
from dyad.testing.portfolios import nearly_ifs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def ifs_card(page):
    return page.locator("article", has=page.locator("#cat-IFS"))


@pytest.mark.parametrize("width", WIDTHS)
def test_an_applicant_reads_the_ifs_status_with_its_numbers(page, sign_in_as, axe_check, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    sign_in_as(nearly_ifs_person())
    page.goto("/dashboard/")
    page.get_by_role("link", name="Open your portfolio").click()
    page.get_by_role("heading", name="Your portfolio", exact=True).wait_for()
    card = ifs_card(page)
    text = card.inner_text()
    assert "IFS · Infant Family Specialist" in text
    assert "on track" in text
    assert "RS/C received: 20 of 24 RS/C hours" in text and "4 to go" in text
    assert "at the present rate" in text
    assert "With your application to an association: References." in text
    assert card.get_by_role("link", name="Log an RS/C session").is_visible()
    practice = page.locator("section", has=page.locator("#practice-heading"))
    assert "not IMH practice" in practice.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"portfolio-home-en-{width}.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / f"portfolio-home-en-{width}-top.png"))
    practice.screenshot(path=str(ARTIFACTS / f"portfolio-home-en-{width}-practice.png"))
    axe_check(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_spanish_reader_reads_the_page_in_spanish(
    page, sign_in_as, axe_check, live_server, width
):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    page.context.add_cookies([{"name": "django_language", "value": "es", "url": live_server.url}])
    sign_in_as(nearly_ifs_person())
    page.goto("/portfolio/")
    text = ifs_card(page).inner_text()
    assert "RS/C recibida" in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"portfolio-home-es-{width}.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / f"portfolio-home-es-{width}-top.png"))
    page.locator("#areas-heading").scroll_into_view_if_needed()
    page.locator("section", has=page.locator("#areas-heading")).screenshot(
        path=str(ARTIFACTS / f"portfolio-home-es-{width}-areas.png")
    )
    axe_check(page)


def test_an_empty_portfolio_in_the_browser(page, sign_in_as, axe_check):
    sign_in_as(make_user())
    page.goto("/portfolio/")
    page.get_by_role("heading", name="Your portfolio is empty").wait_for()
    assert page.get_by_role("link", name="Add education").is_visible()
    axe_check(page)


def nearly_ifs_person():
    person = make_user(display_name="Ana Ruiz")
    nearly_ifs(person)
    return person
