"""Taking the exam in a real browser, at desktop, tablet and phone width, with the keyboard and the
accessibility check on each page: start, answer a multiple-choice question with the keyboard,
move with the navigator, type a written answer, close the tab mid-answer and reopen it (nothing
typed more than two seconds before is lost, the same question comes back, the timer continues
from the server's end time), flag, submit twice (one submission)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.core.models import Event
from dyad.exams.models import Answer, Item, Sitting
from dyad.testing.factories import make_association, make_staff, make_user

from .sitting_cast import invited, items_of, open_window, published_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 900), "tablet": (820, 1180), "phone": (375, 812)}
SHOTS = Path("/tmp/shots/exams-take")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def server_answer(sitting, item) -> Answer | None:
    with scopes_disabled():
        return Answer.objects.filter(sitting=sitting, item=item).first()


@pytest.mark.parametrize("width", WIDTHS)
def test_answer_close_mid_answer_reopen_and_submit_once(page, sign_in_as, axe_check, width):
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    association = make_association("lakes", name="Lakes Association")
    coordinator = make_staff(association, "coordinator")
    form = published_form(association, coordinator)
    sitting = invited(open_window(form, coordinator), coordinator, make_user(display_name="Omar"))
    items = items_of(form)
    first_mc = items[0]
    written = next(i for i in items if i.kind == Item.Kind.WRITTEN)
    sign_in_as(sitting.candidate)

    page.goto("/exams/")
    axe_check(page)
    shot(page, f"mine-{width}")
    page.get_by_role("link", name="IMHS exam").first.click()
    page.get_by_role("button", name="Start the exam").wait_for()
    axe_check(page)
    page.get_by_role("button", name="Start the exam").click()

    # the exam: question 1, multiple choice, answered with the keyboard
    page.get_by_role("heading", name="Question 1 of 5").wait_for()
    with scopes_disabled():
        sitting.refresh_from_db()
    order = sitting.option_orders[str(first_mc.pk)]
    first_shown = page.locator(f"#q-{first_mc.pk} input[type=radio]").first
    assert int(first_shown.get_attribute("value")) == order[0]  # the sitting's shuffled order
    first_shown.focus()
    page.keyboard.press("Space")
    page.locator("#exam-save", has_text="All answers saved").wait_for()
    assert server_answer(sitting, first_mc).choice == order[0]
    axe_check(page)
    shot(page, f"exam-mc-{width}")

    # the navigator, by keyboard, to a written question; flag it
    page.locator(f'[data-goto="{written.pk}"]').focus()
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="Question 4 of 5")
    heading.wait_for()
    assert page.evaluate("document.activeElement.id") == f"q-{written.pk}-title"
    assert not page.get_by_role("heading", name="Question 1 of 5").is_visible()
    page.locator(f"#flag-{written.pk}").check()
    box = page.get_by_label(written.stem, exact=True)
    box.click()
    box.press_sequentially("The baby turns to her mother.", delay=10)
    time.sleep(2.2)  # more than two seconds before the tab closes
    assert server_answer(sitting, written).text == "The baby turns to her mother."
    box.press_sequentially(" She smiles", delay=10)
    shot(page, f"exam-written-{width}")
    context = page.context
    page.close()  # mid-answer, less than a debounce after the last key

    with scopes_disabled():
        ends_at = Sitting.objects.get(pk=sitting.pk).ends_at
    again = context.new_page()
    again.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    again.goto(f"/exams/sittings/{sitting.pk}/")
    again.get_by_role("heading", name="Question 4 of 5").wait_for()  # where they were
    text = again.get_by_label(written.stem, exact=True).input_value()
    assert text.startswith("The baby turns to her mother.")
    assert again.locator(f"#flag-{written.pk}").is_checked()
    left = int(again.locator("#exam").get_attribute("data-seconds-left"))
    expected = (ends_at - timezone.now()).total_seconds()
    assert abs(left - expected) <= 3  # the clock went on, from the server's end time
    clock = again.locator("[data-clock]").inner_text()
    hours, minutes, seconds = re.fullmatch(r"(?:(\d+):)?(\d\d):(\d\d)", clock).groups()
    shown = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    assert abs(shown - expected) <= 4
    again.locator("#exam-save", has_text="All answers saved").wait_for()
    assert server_answer(sitting, written).text == text  # what the tab kept is saved now
    axe_check(again)

    # one more answer, then review and submit, twice
    again.locator(f'[data-goto="{items[1].pk}"]').click()
    again.locator(f"#q-{items[1].pk} input[type=radio]").first.check()
    again.get_by_role("navigation", name="Questions").get_by_role(
        "link", name="Review and submit"
    ).click()
    again.get_by_role("heading", name="Review and submit").wait_for()
    summary = again.locator("#exam-submit").inner_text()
    assert "Answered: 3 of 5." in summary and "1 flagged" in summary
    shot(again, f"exam-review-{width}")
    again.get_by_role("button", name="Submit the exam").dblclick()
    again.locator("#submitted").wait_for()
    csrf = again.evaluate("JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken']")
    status = again.evaluate(
        """async ([url, token]) => (await fetch(url, {method: "POST",
            headers: {"X-CSRFToken": token}, redirect: "manual"})).status""",
        [f"/exams/sittings/{sitting.pk}/submit/", csrf],
    )
    assert status in (0, 302)  # a redirect to the page that says it is submitted
    with scopes_disabled():
        assert Event.objects.filter(verb="exam.submitted", subject_id=str(sitting.pk)).count() == 1
        assert Sitting.objects.get(pk=sitting.pk).state in ("submitted", "scored")
    axe_check(again)
    shot(again, f"done-{width}")


def test_larger_text_a_break_and_the_timer_running_out(page, sign_in_as, axe_check):
    association = make_association("lakes", name="Lakes Association")
    coordinator = make_staff(association, "coordinator")
    form = published_form(association, coordinator)
    sitting = invited(open_window(form, coordinator), coordinator, large_text=True, breaks=True)
    sign_in_as(sitting.candidate)
    page.goto(f"/exams/sittings/{sitting.pk}/")
    page.get_by_role("button", name="Start the exam").click()
    page.get_by_role("heading", name="Question 1 of 5").wait_for()
    assert "exam-large" in page.locator("#exam").get_attribute("class")
    size = page.evaluate("parseFloat(getComputedStyle(document.getElementById('exam')).fontSize)")
    assert size > 18
    axe_check(page)
    shot(page, "exam-large-desktop")
    page.get_by_role("button", name="Take a break").click()
    page.get_by_role("heading", name="You are on a break").wait_for()
    axe_check(page)
    page.get_by_role("button", name="Back to the exam").click()
    page.get_by_role("heading", name="Question 1 of 5").wait_for()
    with scopes_disabled():
        Sitting.objects.filter(pk=sitting.pk).update(
            ends_at=timezone.now() + timezone.timedelta(seconds=3)
        )
    page.reload()
    page.locator("#submitted").wait_for(timeout=15_000)  # submitted by the page at 00:00
    with scopes_disabled():
        event = Event.objects.get(verb="exam.submitted", subject_id=str(sitting.pk))
    assert event.data["automatic"] is True
