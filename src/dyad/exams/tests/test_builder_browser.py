"""Building an exam in a real browser, at desktop and phone width, with the accessibility check on
each page: the empty list, a new form, a vignette, a multiple-choice question refused then saved,
a written question, publishing, a window, inviting a candidate with accommodations."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.exams.models import ExamForm, Sitting
from dyad.testing.factories import make_association, make_staff, make_user

from .sitting_cast import exam_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}
SHOTS = Path("/tmp/shots/exams-take")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_build_publish_open_a_window_and_invite(page, sign_in_as, axe_check, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    association = make_association("lakes", name="Lakes Association")
    coordinator = make_staff(association, "coordinator")
    exam_application(association, make_user(display_name="Omar Farouk"))
    sign_in_as(coordinator)

    page.goto("/a/lakes/exams/")
    page.get_by_role("heading", name="No exam forms yet").wait_for()
    axe_check(page)
    shot(page, f"builder-empty-{width}")
    page.get_by_role("link", name="New form").click()
    page.get_by_label("Title").fill("IMHS exam 2027")
    page.get_by_label("Time limit (minutes)").fill("60")
    axe_check(page)
    page.get_by_role("button", name="Create the form").click()

    page.get_by_role("link", name="Add a vignette").click()
    page.get_by_label("Title").fill("Jasmine and Theo")
    page.get_by_label("Case description").fill("Jasmine, 22, and her son Theo, 10 months.")
    page.get_by_role("button", name="Save the vignette").click()

    page.get_by_role("link", name="Add a multiple-choice question").click()
    page.locator("#id_stem").fill("Which response supports the relationship?")
    page.get_by_label("Options (multiple choice)").fill("Explain\nWonder with her\nRefer")
    page.get_by_role("button", name="Save the question").click()
    error = page.locator("#id_correct-errors")
    error.wait_for()
    assert "Say which option is correct." in error.inner_text()
    axe_check(page)
    shot(page, f"builder-item-error-{width}")
    page.get_by_label("Number of the correct option (multiple choice)").fill("2")
    page.get_by_label("Attachment, separation, trauma, grief and loss").check()
    page.get_by_role("button", name="Save the question").click()

    page.get_by_role("link", name="Add a written question").click()
    assert page.get_by_role("radio", name="written response").is_checked()
    page.locator("#id_stem").fill("What do you notice?")
    page.get_by_label("Vignette (written response)").select_option(label="Jasmine and Theo")
    page.get_by_label("Rubric (written response)").fill("4: names the bid and the response.")
    page.get_by_role("button", name="Save the question").click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Published: you can now open a window").wait_for()
    axe_check(page)
    shot(page, f"builder-form-{width}")

    now = timezone.localtime()
    page.get_by_label("Opens").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Closes").fill((now + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Open the window").click()
    page.get_by_role("heading", name="Invite a candidate").wait_for()
    page.get_by_label("Candidate").select_option(label="Omar Farouk")
    page.get_by_label("Extra time (minutes)").fill("30")
    page.get_by_label("Larger text").check()
    page.get_by_role("button", name="Invite").click()
    page.get_by_text("Omar Farouk is invited").wait_for()
    axe_check(page)
    shot(page, f"builder-window-{width}")
    with scopes_disabled():
        sitting = Sitting.objects.get()
        assert (sitting.extra_minutes, sitting.large_text) == (30, True)
        assert ExamForm.objects.get().published_at is not None
