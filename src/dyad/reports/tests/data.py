"""A known data set whose figures are worked out by hand in the tests (test_figures.py).

Applications and their state moves are written as rows with chosen times (the event log is
append-only, so the times are set when each event is written); endorsements go through the
credential services (factories). Days are relative to now, so the numbers hold on any day.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.applications import states
from dyad.applications.models import Application
from dyad.core.models import Event
from dyad.testing.factories import make_endorsement, make_user


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
