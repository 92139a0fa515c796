"""Many work entries in a real browser, at desktop and phone width, with the accessibility check:
the practice section shows the most recent ones and leads to the whole list."""

import pytest

from dyad.portfolios.models import WorkExperience
from dyad.portfolios.standing import PRACTICE_SHOWN
from dyad.portfolios.tests.test_standing import add_family_training, ago
from dyad.testing.browser import ARTIFACTS
from dyad.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_most_recent_work_is_shown_with_a_way_to_all_of_it(page, sign_in_as, axe_check, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    person = make_user()
    total = PRACTICE_SHOWN + 5
    WorkExperience.objects.bulk_create(
        WorkExperience(
            owner=person,
            role=f"Visitor {i:02d}",
            start=ago(3000 - 100 * i),
            end=ago(2990 - 100 * i),
            hours_per_week=10,
            paid=True,
            kind="prevention",
            participants="child_and_caregiver",
            min_months=0,
            max_months=36,
        )
        for i in range(total)
    )
    add_family_training(person)
    sign_in_as(person)
    page.goto("/portfolio/")
    practice = page.locator("section", has=page.locator("#practice-heading"))
    text = practice.inner_text()
    assert f"Your {PRACTICE_SHOWN} most recent work entries of {total}." in text
    assert practice.locator("article").count() == PRACTICE_SHOWN
    ARTIFACTS.mkdir(exist_ok=True)
    practice.screenshot(path=str(ARTIFACTS / f"portfolio-home-recent-work-{width}.png"))
    axe_check(page)
    practice.get_by_role("link", name="See all your work experience").click()
    page.wait_for_url("**/portfolio/work/")
    assert "Visitor 00" in page.content()
