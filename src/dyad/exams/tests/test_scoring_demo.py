"""`manage.py demo` leaves scored exams behind: results (passes and fails, each in the candidate's
portfolio), sittings waiting for a scorer, and enough data for the psychometrics page to show
numbers; a second run adds nothing."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from dyad.exams import psychometrics
from dyad.exams.builder_demo import LINEAGE
from dyad.exams.models import ExamForm, Result, ScoringAssignment, Sitting
from dyad.portfolios.models import ExamEntry

pytestmark = pytest.mark.django_db


def picture():
    with scopes_disabled():
        return (
            sorted(Sitting.objects.values_list("candidate__email", "state")),
            sorted(Result.objects.values_list("sitting__candidate__email", "passed")),
            ScoringAssignment.objects.count(),
            ExamEntry.objects.count(),
        )


def test_the_demo_scores_exams_and_is_idempotent(settings):
    settings.DEMO = False
    call_command("demo")
    first = picture()
    sittings, results, _assignments, entries = first
    states = [state for _email, state in sittings]
    assert states.count("scored") == 14 and states.count("submitted") == 2
    passed = [p for _email, p in results]
    assert True in passed and False in passed
    assert entries == len(results)
    with scopes_disabled():
        waiting = ScoringAssignment.objects.filter(score__isnull=True).values_list(
            "scorer__email", flat=True
        )
        assert "kim.scorer@example.org" in set(waiting)
        found = psychometrics.form_stats(ExamForm.objects.get(lineage=LINEAGE, version=1))
    assert found.result["reliability"]["alpha"] is not None
    assert all(w["qwk"] is not None for w in found.result["written"])
    assert len(found.result["scorers"]) == 3
    call_command("demo")
    assert picture() == first
