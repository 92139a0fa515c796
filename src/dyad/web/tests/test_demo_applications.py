"""`manage.py demo` makes applications in several states across both demo associations,
through the services (each with its events); a second run adds and changes nothing."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from dyad.accounts.models import User
from dyad.applications.models import Application, Assignment, Reference, Snapshot
from dyad.core.models import Event
from dyad.exams.scoring_demo import CANDIDATES

EXAM_CANDIDATES = [email for email, _name in CANDIDATES]

pytestmark = pytest.mark.django_db


def picture():
    """The demo's own applicants (the made-up year of history has its test in reports)."""
    with scopes_disabled():
        return (
            sorted(
                # the exam's demo candidates (exams/scoring_demo.py) are pictured by its own test,
                # the reports' year of history (reports/history.py) by the reports' tests
                Application.objects.exclude(applicant__email__in=EXAM_CANDIDATES)
                .exclude(applicant__email__startswith="history-")
                .values_list(
                    "applicant__email", "association__slug", "category", "state", "fee_status"
                )
            ),
            Reference.objects.count(),
            Snapshot.objects.count(),
            Event.objects.filter(verb__startswith="application.")
            .exclude(reason="demo history")
            .exclude(actor__email__in=EXAM_CANDIDATES)
            .count(),
        )


def test_the_demo_has_applications_in_each_state_and_is_idempotent(settings):
    settings.DEMO = False
    call_command("demo")
    first = picture()
    rows, references, snapshots, _events = first
    assert [(email, slug, state, fee) for email, slug, _c, state, fee in rows] == [
        ("ana.applicant@example.org", "great-lakes", "started", "due"),
        ("eva.applicant@example.org", "high-plains", "denied", "paid"),
        ("ines.applicant@example.org", "great-lakes", "withdrawn", "paid"),
        ("kofi.applicant@example.org", "high-plains", "endorsed", "paid"),
        ("lena.applicant@example.org", "great-lakes", "submitted", "paid"),
        ("omar.applicant@example.org", "great-lakes", "exam", "paid"),
        ("priya.applicant@example.org", "great-lakes", "returned", "waived"),
        ("tom.applicant@example.org", "high-plains", "in_review", "paid"),
    ]
    assert [c for _e, _s, c, _st, _f in rows if c != "IFS"] == ["IMHS"]
    assert references == 24 and snapshots == 7
    with scopes_disabled():
        kofi = Application.objects.get(applicant__email="kofi.applicant@example.org")
        assert kofi.endorsement.holder == User.objects.get(email="kofi.applicant@example.org")
        [review] = Assignment.objects.filter(
            application__applicant__email="tom.applicant@example.org"
        )
        assert review.reviewer.email == "lee.reviewer@example.org"
        assert review.recommendation == "endorse"
        denied = Event.objects.exclude(reason="demo history").get(verb="application.denied")
        withdrawn = Event.objects.exclude(reason="demo history").get(verb="application.withdrawn")
        assert denied.reason and withdrawn.reason
    call_command("demo")
    assert picture() == first


def test_the_demo_applicants_are_among_the_sign_ins(capsys, settings):
    settings.DEMO = True
    call_command("demo")
    out = capsys.readouterr().out
    assert "priya.applicant@example.org" in out and "IFS returned" in out
    assert "omar.applicant@example.org" in out and "IMHS exam" in out
