"""In a browser: searching the registry with and without JavaScript, on a phone and a desktop,
and the account page where a person leaves (or rejoins) the registry."""

from pathlib import Path

import pytest

from dyad.testing.factories import make_association, make_endorsement, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/registry")


@pytest.fixture
def world(db):
    alpha = make_association("alpha", name="Great Lakes Association")
    beta = make_association("beta", name="Prairie Association")
    make_endorsement(alpha, "José María García", "IMHS", county="Wayne County", state="MI")
    make_endorsement(beta, "Nia Thompson", "IMHM-C", county="Doña Ana County", state="NM")
    for i in range(60):
        make_endorsement(alpha, f"Zane Person {i:02d}", "IFS", county="Kent County", state="MI")
    return alpha, beta


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_searching_and_paging_with_javascript(page, world, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/registry/")
    results = page.locator("#registry-results")
    results.get_by_text("José María García").wait_for()
    axe_check(page)
    shoot(page, f"registry-{width}.png")
    page.get_by_label("Name, number or category").fill("jose garc")
    results.get_by_text("1 active endorsement").wait_for()
    assert "Nia Thompson" not in results.inner_text()
    assert "q=jose%20garc" in page.url  # the address keeps the search (htmx pushes it)
    page.get_by_label("Name, number or category").fill("")
    page.get_by_label("Category", exact=True).select_option("IFS")
    results.get_by_text("50 active endorsements on this page").wait_for()
    page.get_by_role("link", name="Next").click()
    results.get_by_text("Zane Person 59").wait_for()
    assert "José María García" not in results.inner_text()
    axe_check(page)
    shoot(page, f"registry-page-2-{width}.png")
    page.get_by_role("link", name="Previous").click()
    results.get_by_text("Zane Person 00").wait_for()


def test_searching_and_paging_without_javascript(chromium, live_server, world, axe_check):
    context = chromium.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 390, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto("/registry/")
        page.get_by_label("Name, number or category").fill("zane")
        page.get_by_label("County").fill("kent")
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**county=kent**")
        results = page.locator("#registry-results")
        assert "50 active endorsements on this page" in results.inner_text()
        page.get_by_role("link", name="Next").click()
        page.wait_for_url("**after=**")
        text = page.locator("#registry-results").inner_text()
        assert "Zane Person 59" in text and "Zane Person 00" not in text
        assert page.get_by_label("County").input_value() == "kent"
        shoot(page, "registry-no-javascript-390.png")
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_person_leaves_the_registry_from_their_account_page(
    page, world, sign_in_as, axe_check, width
):
    page.set_viewport_size({"width": width, "height": 900})
    person = sign_in_as(make_user(display_name="Ada Private"))
    make_endorsement(world[0], "Ada Private", holder=person)
    page.goto("/registry/?q=ada")
    page.locator("#registry-results").get_by_text("Ada Private").wait_for()
    page.get_by_role("link", name="Account").click()
    box = page.get_by_label("Show me in the public registry")
    assert box.is_checked()
    axe_check(page)
    box.uncheck()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("You are no longer listed in the public registry.").wait_for()
    shoot(page, f"account-settings-{width}.png")
    page.goto("/registry/?q=ada")
    page.get_by_text("No active endorsement matches your search").wait_for()
