"""Blind double scoring in a real browser: two scorers score without seeing the candidate's
name or each other's marks, their disagreement beyond the tolerance goes to a third scorer, the
final score follows the form's rule (mean), the candidate reads the result. Axe on each page;
screenshots at desktop and phone width."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.associations.models import StaffMembership
from dyad.exams import stats
from dyad.testing.factories import make_association, make_staff, make_user

from .scoring_cast import assignments, scoring_world, submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots/exams-score")
WARM_UP = (
    "candidate,item,kind,scorer,score,max_score\n"
    "a,m,mc,,1,1\nb,m,mc,,0,1\na,w,written,x,1,2\na,w,written,y,2,2\n"
    "b,w,written,x,0,2\nb,w,written,y,0,2\n"
)


def shot(page, name: str) -> None:
    """The page at desktop and phone width (for people to look at; not an assertion)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, size in (("desktop", (1280, 900)), ("phone", (375, 812))):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def score_every_field(page, value: str) -> None:
    for field in page.locator("input[name^=score_]").all():
        field.fill(value)
    page.get_by_role("button", name="Save my scores").click()
    page.get_by_text("Your scores are saved.").wait_for()


def test_two_scorers_score_blind_a_third_reconciles_and_the_mean_rule_decides(
    page, sign_in_as, axe_check
):
    # SciPy and scikit-learn load on the statistics' first use; load them now, in this process
    # that also runs the live server, so the psychometrics page answers within the timeout.
    stats.compute(stats.read_scores(WARM_UP))
    association = make_association("alpha", name="Alpha Association")
    coordinator = make_staff(
        association, StaffMembership.Role.COORDINATOR, display_name="Cora Coordinator"
    )
    _form, window, _scorers = scoring_world(association, coordinator, scorers=3)
    candidate = make_user(display_name="Carla Candidate")
    sitting = submitted(
        window,
        coordinator,
        person=candidate,
        texts=("I would listen to Ana first.", "The relationship is the client."),
    )
    rows = assignments(sitting)
    first = next(a.scorer for a in rows if a.role == "first")
    second = next(a.scorer for a in rows if a.role == "second")

    sign_in_as(first)
    page.goto("/a/alpha/")
    page.get_by_role("link", name="Exam responses to score").click()
    page.get_by_role("link", name=f"Response set #{sitting.pk}", exact=False).click()
    page.get_by_text("I would listen to Ana first.").wait_for()
    html = page.content()
    assert "Carla Candidate" not in html and candidate.email not in html
    axe_check(page)
    shot(page, "scorer-page")
    # a score out of range: the message next to the field, nothing saved
    page.locator("input[name^=score_]").first.fill("7")
    page.get_by_role("button", name="Save my scores").click()
    page.get_by_text("Give a whole number from 0 to 4.").first.wait_for()
    axe_check(page)
    shot(page, "scorer-page-error")
    score_every_field(page, "4")

    page.context.clear_cookies()
    sign_in_as(second)
    page.goto(f"/a/alpha/scoring/{sitting.pk}/")
    page.get_by_text("The relationship is the client.").wait_for()
    html = page.content()
    assert first.name not in html and 'value="4"' not in html  # the first scorer's marks
    assert "Carla Candidate" not in html
    score_every_field(page, "1")  # 3 apart: beyond the tolerance of 1

    third = next(a.scorer for a in assignments(sitting) if a.role == "third")
    assert third.pk not in (first.pk, second.pk)
    page.context.clear_cookies()
    sign_in_as(third)
    page.goto("/a/alpha/scoring/")
    page.get_by_text("to reconcile").wait_for()
    axe_check(page)
    shot(page, "scorer-list")
    page.get_by_role("link", name=f"Response set #{sitting.pk}", exact=False).click()
    html = page.content()
    assert first.name not in html and second.name not in html and "Carla Candidate" not in html
    score_every_field(page, "3")

    page.context.clear_cookies()
    sign_in_as(coordinator)
    page.goto("/a/alpha/")
    page.get_by_role("link", name="Exam scoring and results").click()
    axe_check(page)
    shot(page, "coordinator-list")
    page.get_by_role("link", name="Carla Candidate").click()
    # mean rule: the third score 3 and the nearer of 4 and 1, so 3.5 on each question
    finals = page.locator("tbody tr td:last-child").all_inner_texts()
    assert finals == ["3.50", "3.50"]
    page.get_by_text("Passed").wait_for()
    axe_check(page)
    shot(page, "coordinator-detail")
    page.goto("/a/alpha/exams/psychometrics/")
    page.get_by_role("link", name="IMHS exam", exact=False).click()
    page.locator("#alpha").wait_for()
    axe_check(page)
    shot(page, "psychometrics")

    page.context.clear_cookies()
    sign_in_as(candidate)
    page.goto(f"/exams/results/{sitting.pk}/")
    page.get_by_text("You passed.").wait_for()
    axe_check(page)
    shot(page, "candidate-result")
