"""A known data set whose figures are worked out by hand in the tests (test_figures.py).

Applications and their state moves are written as rows with chosen times (the event log is
append-only, so the times are set when each event is written); endorsements go through the
credential services (factories). Days are relative to now, so the numbers hold on any day.
Exam results are real: forms, windows, sittings and scores go through the exams services (the
exams tests' casts), so each scored sitting has its `Result`.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope, scopes_disabled

from dyad.applications import states
from dyad.applications.models import Application
from dyad.associations.models import StaffMembership
from dyad.core.models import Event
from dyad.exams import builder_services, scoring_services, sitting_services
from dyad.exams.models import Item
from dyad.exams.tests.scoring_cast import assignments, mine, scoring_world
from dyad.exams.tests.sitting_cast import MC, exam_application, items_of, open_window
from dyad.testing.factories import make_endorsement, make_staff, make_user


def application(association, category: str, moves: list[tuple[str, int]], applicant=None):
    """An application whose state moved as `moves` says: (state, days ago), first `started`."""
    now = timezone.now()
    with scopes_disabled():
        app = Application.objects.create(
            association=association,
            applicant=applicant or make_user(),
            category=category,
            requirement_set="test",
            requirement_set_version=1,
            state=moves[-1][0],
        )
        before = ""
        for state, days in moves:
            verb = "started" if not before else states.MOVES[(before, state)].verb
            Event.objects.create(
                association=association,
                subject_type="applications.application",
                subject_id=str(app.pk),
                verb=f"application.{verb}",
                from_state=before,
                to_state=state,
                created_at=now - timedelta(days=days),
                data={"category": category},
            )
            before = state
    return app


S, SUB, REV, EXAM, RET = "started", "submitted", "in_review", "exam", "returned"


def alpha_history(association) -> None:
    """Five applications and eight endorsements (the numbers in test_figures.py)."""
    application(association, "IMHS", [(S, 40), (SUB, 30), (REV, 25), (EXAM, 15), ("endorsed", 5)])
    application(association, "IMHS", [(S, 20), (SUB, 18), (REV, 14), (EXAM, 10), ("denied", 4)])
    application(association, "IFS", [(S, 12), (SUB, 10), (REV, 6)])
    application(association, "IFA", [(S, 3)])
    application(association, "IFS", [(S, 50), (SUB, 45), (RET, 40)])
    today = timezone.localdate()
    mi = {"state": "MI"}
    make_endorsement(
        association, "E one", "IMHS", expires=today + timedelta(20), county="Wayne County", **mi
    )
    make_endorsement(
        association, "E two", "IMHS", expires=today + timedelta(200), county="Wayne County", **mi
    )
    make_endorsement(
        association, "E three", "IFS", expires=today + timedelta(400), county="Kent County", **mi
    )
    make_endorsement(
        association, "E four", "IFA", expires=today - timedelta(10), county="Washtenaw County", **mi
    )
    make_endorsement(association, "E five", "IFS", status="lapsed", county="Wayne County", **mi)
    make_endorsement(association, "E six", "IMHS", status="revoked", county="Wayne County", **mi)
    make_endorsement(
        association,
        "E seven",
        "IFA",
        expires=today + timedelta(100),
        county="Franklin County",
        state="OH",
    )
    make_endorsement(association, "E eight", "ECMHS", expires=today - timedelta(100))


def beta_history(association) -> None:
    """Another association's people, which alpha's figures must never count."""
    application(association, "IMHS", [(S, 9), (SUB, 8), (REV, 7), (EXAM, 6), ("endorsed", 1)])
    for n in range(3):
        make_endorsement(association, f"B {n}", "IMHS", county="Wayne County", state="MI")


# -- exam results -------------------------------------------------------------------------------


def sat(window, coordinator, application, *, passed: bool, scored: bool = True):
    """`application`'s candidate sits `window`'s form and submits: every answer right and every
    written answer given full marks by both scorers (`passed`), or every answer wrong and
    scored 0. Not `scored`: the sitting waits for its scores (no result yet)."""
    association = window.association
    with scope(association=association):
        sitting = builder_services.invite(window=window, application=application, actor=coordinator)
        sitting = sitting_services.start_sitting(sitting=sitting, actor=sitting.candidate)
    for seq, item in enumerate(items_of(window.form), start=1):
        mc = item.kind == Item.Kind.MC
        sitting_services.save_answer(
            sitting_id=sitting.pk,
            candidate_id=sitting.candidate_id,
            item_id=item.pk,
            choice=(item.correct if passed else (item.correct + 1) % len(item.options))
            if mc
            else None,
            text="" if mc else "An answer",
            seq=seq,
        )
    with scope(association=association):
        sitting = sitting_services.submit_sitting(sitting, sitting.candidate)
    if not scored:
        return sitting
    for scorer in {a.scorer for a in assignments(sitting)}:
        with scope(association=association):
            scoring_services.record_scores(
                sitting=sitting,
                scorer=scorer,
                scores={
                    a.pk: (str(a.answer.item.max_score if passed else 0), "")
                    for a in mine(sitting, scorer)
                },
            )
    return sitting


def short_form_window(association, coordinator, category: str):
    """A published form of `category` with one multiple-choice question (so its sittings are
    decided on submission) and an open window."""
    stem, options, correct = MC[0]
    with scope(association=association):
        form = builder_services.create_form(
            association=association, actor=coordinator, category=category, title=f"{category} exam"
        )
        builder_services.save_item(
            form=form,
            actor=coordinator,
            key="mc-1",
            kind=Item.Kind.MC,
            stem=stem,
            options=options,
            correct=correct,
            areas=["attachment_loss"],
        )
        form = builder_services.publish_form(form=form, actor=coordinator)
    return open_window(form, coordinator)


def alpha_exams(association) -> None:
    """Alpha's exam results (the numbers in test_figures.py).

    IMHS (two windows of one form): A passes; B fails, then passes the second window; C fails;
    D passes; E is submitted but not scored yet. Five scored sittings: 3 passed, 2 not: 60.0%.
    IMHM-C (a one-question form): F passes, G fails: 50.0%. Alpha in all: 4 of 7, 57.1%."""
    coordinator = make_staff(association, StaffMembership.Role.COORDINATOR)
    form, first, _people = scoring_world(association, coordinator, scorers=2)
    second = open_window(form, coordinator)
    a, b, c, d, e = (exam_application(association) for _n in range(5))
    sat(first, coordinator, a, passed=True)
    sat(first, coordinator, b, passed=False)
    sat(second, coordinator, b, passed=True)  # the retake counts as a second sitting
    sat(first, coordinator, c, passed=False)
    sat(first, coordinator, d, passed=True)
    sat(first, coordinator, e, passed=True, scored=False)
    short = short_form_window(association, coordinator, "IMHM-C")
    sat(short, coordinator, exam_application(association, category="IMHM-C"), passed=True)
    sat(short, coordinator, exam_application(association, category="IMHM-C"), passed=False)


def beta_exams(association) -> None:
    """Beta's: one IMHS sitting, passed."""
    coordinator = make_staff(association, StaffMembership.Role.COORDINATOR)
    _form, window, _people = scoring_world(association, coordinator, scorers=2)
    sat(window, coordinator, exam_application(association), passed=True)
