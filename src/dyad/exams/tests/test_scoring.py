"""Scoring a submitted sitting: who scores, the third scorer, the final score, the result."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from dyad.associations.models import StaffMembership
from dyad.core.models import Event
from dyad.exams import scoring_services
from dyad.exams.models import ExamForm, Result, Sitting
from dyad.exams.scoring_services import ScoringError, final_score
from dyad.portfolios import services as portfolio_services
from dyad.portfolios.documents import export_document
from dyad.portfolios.models import ExamEntry
from dyad.portfolios.selectors import portfolio_facts
from dyad.testing.factories import make_association, make_staff, make_user

from .scoring_cast import assignments, mine, scoring_world, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    association = make_association("alpha")
    coordinator = make_staff(association, StaffMembership.Role.COORDINATOR)
    form, window, scorers = scoring_world(association, coordinator)
    return {
        "association": association,
        "coordinator": coordinator,
        "form": form,
        "window": window,
        "scorers": scorers,
    }


def score_all(sitting, scorer, value, note=""):
    with scope(association=sitting.association):
        return scoring_services.record_scores(
            sitting=sitting,
            scorer=scorer,
            scores={a.pk: (value, note) for a in mine(sitting, scorer) if a.score is None},
        )


def test_submission_assigns_two_different_scorers_to_each_written_answer(world):
    sitting = submitted(world["window"], world["coordinator"])
    rows = assignments(sitting)
    assert [(a.answer.item.key, a.role) for a in rows] == [
        ("w-1", "first"),
        ("w-1", "second"),
        ("w-2", "first"),
        ("w-2", "second"),
    ]
    assert rows[0].scorer_id != rows[1].scorer_id
    # the same pair reads both answers of one sitting
    assert {rows[0].scorer_id, rows[1].scorer_id} == {rows[2].scorer_id, rows[3].scorer_id}
    assert all(a.score is None for a in rows)


def test_a_blank_written_answer_scores_zero_and_goes_to_nobody(world):
    sitting = submitted(world["window"], world["coordinator"], texts=("An answer", "   "))
    assert [a.answer.item.key for a in assignments(sitting)] == ["w-1", "w-1"]


def test_scorers_are_spread_by_their_open_load(world):
    first = submitted(world["window"], world["coordinator"])
    second = submitted(world["window"], world["coordinator"])
    busy = {a.scorer_id for a in assignments(first)}
    now = {a.scorer_id for a in assignments(second)}
    # the one scorer left out of the first sitting is among the second's
    assert (set(s.pk for s in world["scorers"]) - busy) <= now


def test_a_scorer_with_a_conflict_is_never_assigned(world):
    a = world["scorers"][0]
    candidate = make_user()
    # Scorer A works for the candidate's employer: a conflict found from the records.
    for owner in (candidate, a):
        portfolio_services.add_work_experience(
            owner=owner,
            actor=owner,
            role="Home visitor",
            employer="Sunrise Family Center",
            start=timezone.localdate() - timedelta(days=400),
            hours_per_week=20,
            paid=True,
            kind="prevention",
            participants="child_and_caregiver",
            min_months=0,
            max_months=36,
        )
    sitting = submitted(world["window"], world["coordinator"], person=candidate)
    assert a.pk not in {x.scorer_id for x in assignments(sitting)}
    assert len({x.scorer_id for x in assignments(sitting)}) == 2
    with (
        scope(association=world["association"]),
        pytest.raises(ScoringError, match="share an employer"),
    ):
        scoring_services.assign_scorer(
            sitting=sitting, role="first", scorer=a, actor=world["coordinator"]
        )


def test_within_tolerance_the_final_is_the_mean_and_the_result_is_decided(world):
    sitting = submitted(world["window"], world["coordinator"], choices=(0, 1, 0))
    pair = {a.scorer_id: a.scorer for a in assignments(sitting)}
    first, second = list(pair.values())
    score_all(sitting, first, 3)
    with scopes_disabled():
        assert not Result.objects.filter(sitting=sitting).exists()
    score_all(sitting, second, 2)  # differs by 1: the tolerance
    with scopes_disabled():
        result = Result.objects.get(sitting=sitting)
        sitting.refresh_from_db()
    assert sitting.state == Sitting.State.SCORED
    # mc: 2 of 3 right; written: 2.5 + 2.5 = 5 of 8; overall 7 of 11
    assert (result.mc_score, result.mc_max) == (2, 3)
    assert (result.written_score, result.written_max) == (Decimal("5.00"), 8)
    # pass rules by default: mc 0.7 (2/3 = 0.667 fails), written 0.6 (0.625), overall 0.7 (0.636)
    assert result.parts["mc"] == {"share": 0.6667, "needed": 0.7, "passed": False}
    assert result.parts["written"]["passed"] is True
    assert result.passed is False
    # per area: three mc items on attachment_loss (2 of 3), the written ones on two codes
    assert result.by_area["attachment_loss"] == {"score": 2.0, "max": 3}
    assert result.by_area["value_reflection"] == {"score": 5.0, "max": 8}


def test_the_decision_is_an_event_and_the_portfolio_exam_entry(world):
    sitting = submitted(world["window"], world["coordinator"])
    scorers = {a.scorer_id: a.scorer for a in assignments(sitting)}
    for scorer in scorers.values():
        score_all(sitting, scorer, 4)
    with scopes_disabled():
        verbs = list(
            Event.objects.filter(
                subject_id=str(sitting.pk), subject_type="exams.sitting"
            ).values_list("verb", flat=True)
        )
        entry = ExamEntry.objects.get(owner=sitting.candidate)
        owner_event = Event.objects.get(verb="portfolio.exam.added")
    assert "exam.scored" in verbs and "exam.passed" in verbs and "exam.failed" not in verbs
    assert (entry.category, entry.result) == ("IMHS", "pass")
    assert owner_event.data["owner"] == sitting.candidate_id
    # the exported portfolio file carries it, as the engine reads it
    exported = export_document(sitting.candidate)["exams"]
    assert exported == [{"category": "IMHS", "date": entry.date.isoformat(), "result": "pass"}]
    facts = portfolio_facts(sitting.candidate)
    assert [(e.ref, e.category, e.result) for e in facts.exams] == [
        (f"exam:{entry.pk}", "IMHS", "pass")
    ]


def test_beyond_tolerance_a_third_scorer_is_assigned_and_the_mean_rule_applies(world):
    sitting = submitted(world["window"], world["coordinator"])
    rows = assignments(sitting)
    first = next(a.scorer for a in rows if a.role == "first")
    second = next(a.scorer for a in rows if a.role == "second")
    score_all(sitting, first, 4)
    score_all(sitting, second, 1)  # differs by 3 > tolerance 1 on both answers
    thirds = [a for a in assignments(sitting) if a.role == "third"]
    assert len(thirds) == 2
    third = thirds[0].scorer
    assert third.pk not in (first.pk, second.pk)
    with scopes_disabled():
        assert not Result.objects.filter(sitting=sitting).exists()
    score_all(sitting, third, 3)
    with scopes_disabled():
        result = Result.objects.get(sitting=sitting)
    # mean rule: the third (3) and the nearer of 4 and 1 (4): 3.5 per answer
    assert result.written_score == Decimal("7.00")


def test_the_reconciler_rule_takes_the_third_score():
    association = make_association("gamma")
    coordinator = make_staff(association, StaffMembership.Role.COORDINATOR)
    _form, window, _people = scoring_world(association, coordinator, final_rule="reconciler")
    sitting = submitted(window, coordinator)
    rows = assignments(sitting)
    for role, value in (("first", 4), ("second", 0)):
        score_all(sitting, next(a.scorer for a in rows if a.role == role), value)
    third = next(a.scorer for a in assignments(sitting) if a.role == "third")
    score_all(sitting, third, 1)
    with scopes_disabled():
        assert Result.objects.get(sitting=sitting).written_score == Decimal("2.00")


@pytest.mark.parametrize(
    "rule,scores,final",
    [
        ("mean", (2, 3, None), "2.50"),
        ("mean", (1, 3, None), None),  # beyond tolerance 1, no third yet
        ("mean", (1, 4, 3), "3.50"),  # third 3 is nearer 4
        ("mean", (1, 3, 2), "2.00"),  # equally near: mean of all three
        ("reconciler", (1, 4, 2), "2.00"),
        ("reconciler", (3, 3, None), "3.00"),
        ("mean", (None, 3, None), None),
    ],
)
def test_final_score_rules(rule, scores, final):
    form = ExamForm(tolerance=1, final_rule=rule)
    expected = None if final is None else Decimal(final)
    assert final_score(form, *scores) == expected


def test_a_score_outside_the_range_is_refused_and_nothing_is_saved(world):
    sitting = submitted(world["window"], world["coordinator"])
    scorer = assignments(sitting)[0].scorer
    own = mine(sitting, scorer)
    with scope(association=sitting.association), pytest.raises(ScoringError) as refused:
        scoring_services.record_scores(
            sitting=sitting, scorer=scorer, scores={own[0].pk: ("3", ""), own[1].pk: ("5", "")}
        )
    assert refused.value.field == str(own[1].pk)
    assert "from 0 to 4" in refused.value.message
    assert all(a.score is None for a in mine(sitting, scorer))


def test_a_scorer_cannot_score_what_is_not_theirs(world):
    sitting = submitted(world["window"], world["coordinator"])
    rows = assignments(sitting)
    outsider = next(s for s in world["scorers"] if s.pk not in {a.scorer_id for a in rows})
    with scope(association=sitting.association), pytest.raises(ScoringError):
        scoring_services.record_scores(
            sitting=sitting, scorer=outsider, scores={rows[0].pk: ("2", "")}
        )


def test_scoring_twice_the_same_is_one_change_and_no_duplicate(world):
    sitting = submitted(world["window"], world["coordinator"])
    scorer = assignments(sitting)[0].scorer
    scores = {a.pk: ("2", "") for a in mine(sitting, scorer)}
    with scope(association=sitting.association):
        assert scoring_services.record_scores(sitting=sitting, scorer=scorer, scores=scores) == 2
        assert scoring_services.record_scores(sitting=sitting, scorer=scorer, scores=scores) == 0


def test_without_written_answers_the_result_is_decided_at_submission(world):
    sitting = submitted(world["window"], world["coordinator"], texts=("", ""))
    with scopes_disabled():
        result = Result.objects.get(sitting=sitting)
    assert result.written_score == 0 and result.mc_score == 3
    assert result.passed is False  # written 0 of 8


def test_the_coordinator_assigns_a_scorer_when_too_few_are_free(world):
    association = make_association("delta")
    coordinator = make_staff(association, StaffMembership.Role.COORDINATOR)
    _form, window, people = scoring_world(association, coordinator, scorers=1)
    sitting = submitted(window, coordinator)
    assert {a.role for a in assignments(sitting)} == {"first"}
    late = make_staff(association, StaffMembership.Role.EXAM_SCORER)
    with scope(association=association):
        with pytest.raises(ScoringError, match="another role"):
            scoring_services.assign_scorer(
                sitting=sitting, role="second", scorer=people[0], actor=coordinator
            )
        with pytest.raises(ScoringError, match="coordinator"):
            scoring_services.assign_scorer(sitting=sitting, role="second", scorer=late, actor=late)
        assert (
            scoring_services.assign_scorer(
                sitting=sitting, role="second", scorer=late, actor=coordinator
            )
            == 2
        )
    assert {a.role for a in assignments(sitting)} == {"first", "second"}


def test_the_exam_entry_makes_the_cached_standing_stale(world):
    from dyad.portfolios.standing import standing_key

    sitting = submitted(world["window"], world["coordinator"])
    before = standing_key(sitting.candidate, timezone.localdate())
    for scorer in {a.scorer for a in assignments(sitting)}:
        score_all(sitting, scorer, 4)
    assert standing_key(sitting.candidate, timezone.localdate()) != before
