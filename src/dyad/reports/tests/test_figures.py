"""The figures on a known data set (data.py), with the numbers worked out by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.associations.tenancy import run_in_scope
from dyad.reports import figures
from dyad.reports.maps import workforce_map

from .data import alpha_exams, alpha_history, beta_exams, beta_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(two_associations):
    alpha = two_associations["alpha"]["association"]
    alpha_history(alpha)
    beta_history(two_associations["beta"]["association"])
    return alpha


@pytest.fixture
def exams(alpha, two_associations):
    """Alpha's and beta's exam results (data.alpha_exams, data.beta_exams) on top."""
    alpha_exams(alpha)
    beta_exams(two_associations["beta"]["association"])
    return alpha


def _table(figure):
    return {row.key: row.values for row in figure.rows}


def test_applications_by_state_with_median_days_in_each_state(alpha):
    with run_in_scope(alpha):
        figure = figures.by_state(alpha)
    rows = _table(figure)
    # started stays: 10, 2, 2, 5 days -> 3.5; submitted: 5, 4, 4, 5 -> 4.5; in review: 10, 4 -> 7;
    # exam: 10, 6 -> 8; the returned one is still there (no stay has ended).
    assert rows["started"] == (1, 3.5, "the applicant")
    assert rows["submitted"] == (0, 4.5, "the association")
    assert rows["in_review"] == (1, 7.0, "the association")
    assert rows["exam"] == (0, 8.0, "the applicant")
    assert rows["returned"] == (1, None, "the applicant")
    assert rows["endorsed"][:2] == (1, None)
    assert rows["denied"][:2] == (1, None)
    assert rows["withdrawn"][0] == 0
    # submission to decision: 30 -> 5 is 25 days, 18 -> 4 is 14 days: median 19.5
    assert "19.5 (2 decisions)" in figure.notes[0]


def test_who_acts_next(alpha):
    with run_in_scope(alpha):
        rows = _table(figures.ball(alpha))
    # started and returned: the applicant; in review with no recommendation yet: the reviewers
    assert rows == {"applicant": (2,), "reviewers": (1,), "coordinator": (0,)}


def test_applications_and_endorsements_per_month(alpha):
    today = timezone.localdate()
    with run_in_scope(alpha):
        rows = _table(figures.per_month(alpha, today))
    assert len(rows) == 12
    month = lambda days: (today - timedelta(days)).isoformat()[:7]  # noqa: E731
    expected_received = {}
    for days in (30, 18, 10, 45):  # the four first submissions
        expected_received[month(days)] = expected_received.get(month(days), 0) + 1
    assert {k: v[0] for k, v in rows.items() if v[0]} == expected_received
    # every endorsement was granted three years before it expires: none in the last year
    assert sum(v[1] for v in rows.values()) == 0


def test_endorsements_by_category(alpha):
    with run_in_scope(alpha):
        rows = _table(figures.by_category(alpha))
    # in force: two IMHS (one revoked), one IFS (one lapsed), two IFA (one in its grace period);
    # the ECMHS one is past its grace period
    assert rows["IMHS"] == (2, 0, 1)
    assert rows["IFS"] == (1, 1, 0)
    assert rows["IFA"] == (2, 0, 0)
    assert rows["ECMHS"] == (0, 0, 0)


def test_renewals_due_and_lapses(alpha):
    today = timezone.localdate()
    with run_in_scope(alpha):
        renewals = figures.renewals(alpha, today)
        lapses = figures.lapses(alpha, today)
    due = _table(renewals)
    expected = {}
    for days in (20, 200, 100):  # active, expiring within the next twelve months
        key = (today + timedelta(days)).isoformat()[:7]
        expected[key] = expected.get(key, 0) + 1
    assert {k: v[0] for k, v in due.items() if v[0]} == expected
    assert renewals.notes == (
        "Due in the next 90 days: 1.",
        "Expired and in their grace period now: 1.",
        "Past their grace period but not yet recorded as lapsed: 1.",
    )
    assert _table(lapses)[today.isoformat()[:7]] == (1,)  # lapsed through the service today
    assert sum(v[0] for v in _table(lapses).values()) == 1


def test_exam_pass_rates_count_every_scored_sitting_by_category(exams):
    with run_in_scope(exams):
        figure = figures.exam_results(exams)
    # IMHS: A, D and B's retake passed; B's first sitting and C failed; E is not scored yet.
    # IMHM-C: F passed, G failed. The applications decided after the exam (alpha_history) are
    # not results: they count for nothing here.
    assert _table(figure) == {"IMHS": (60.0, 3, 2), "IMHM-C": (50.0, 1, 1)}
    assert [row.label for row in figure.rows] == ["IMHS", "IMHM-C"]
    assert figure.columns == ("Pass rate (%)", "Passed", "Not passed")
    assert "counted once for each sitting" in figure.notes[0]


def test_no_exam_results_no_rows(alpha):
    with run_in_scope(alpha):
        figure = figures.exam_results(alpha)
    assert figure.rows == () and figure.empty


@pytest.mark.parametrize("with_results", [False, True])
def test_exam_pass_rates_cost_one_query_whatever_the_results(
    request, two_associations, django_assert_num_queries, with_results
):
    association = request.getfixturevalue("exams" if with_results else "alpha")
    with run_in_scope(association), django_assert_num_queries(1):
        figure = figures.exam_results(association)
    assert len(figure.rows) == (2 if with_results else 0)
    with scopes_disabled(), django_assert_num_queries(5):
        figures.by_association([association, two_associations["beta"]["association"]])


def test_workforce_map_counts_people_in_force_by_county_of_the_state(alpha):
    with run_in_scope(alpha):
        state = figures.association_state(alpha)
        counts = figures.by_county(alpha, state)
        only_ifs = figures.by_county(alpha, state, "IFS")
    assert state == "MI"
    drawn = workforce_map(counts)
    assert drawn.drawn and len(drawn.shapes) == 83  # Michigan's counties
    rows = {row.label: row.values for row in drawn.figure.rows}
    assert drawn.figure.columns[1:] == ("IFA", "IFS", "IMHS")
    assert rows == {"Wayne": (2, 0, 0, 2), "Kent": (1, 0, 1, 0), "Washtenaw": (1, 1, 0, 0)}
    assert drawn.elsewhere == 1  # the Ohio one
    shades = {s.name: s.shade for s in drawn.shapes}
    assert shades["Wayne"] == 4 and shades["Kent"] == shades["Washtenaw"] == 2
    assert shades["Marquette"] == 0
    assert {row.label: row.values for row in workforce_map(only_ifs).figure.rows} == {
        "Kent": (1, 1)
    }


def test_the_alliance_figures_add_up_every_association(exams, two_associations):
    alpha = exams
    beta = two_associations["beta"]["association"]
    with scopes_disabled():
        by_category = _table(figures.by_category(None))
        found = figures.stays(None)
        cycle = _table(figures.cycle_comparison([alpha, beta], found))
        exams = _table(figures.exam_results(None))
    assert by_category["IMHS"] == (5, 0, 1)
    # alpha's IMHS 3 passed, 2 not, and beta's one pass: 4 of 6; alpha's IMHM-C as it was
    assert exams == {"IMHS": (66.7, 4, 2), "IMHM-C": (50.0, 1, 1)}
    # alpha: 25 and 14 days -> 19.5; beta: 8 -> 1 is 7 days; waiting for review 4.5 and 1.0
    assert cycle["alpha"] == (19.5, 2, 4.5, 7.0)
    assert cycle["beta"] == (7.0, 1, 1.0, 1.0)
    with scopes_disabled():
        side = _table(figures.by_association([alpha, beta]))
    # alpha: E one, two, three, four (in grace), seven in force; four first submissions; E one
    # due within 90 days; E five lapsed; 4 of 7 scored sittings passed (IMHS 3 of 5, IMHM-C 1
    # of 2). beta: three in force, one received, none due (a year ahead), one of one passed.
    assert side["alpha"] == (5, 4, 1, 1, 57.1)
    assert side["beta"] == (3, 1, 0, 0, 100.0)
