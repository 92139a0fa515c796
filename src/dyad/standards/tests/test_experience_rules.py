"""Education, work and leadership: counted months, post-degree, FTE, overlaps, scope."""

from datetime import date

import pytest

from .builders import assess, degree, doc, finding, job


def imhs_work(*jobs, education=None, as_of=date(2026, 6, 30)):
    return finding(
        doc(education=education or [degree(completed="2010-05-15")], work=list(jobs)),
        "IMHS",
        "work",
        as_of,
    )


def test_full_time_work_meets_24_months_at_731_days():
    # 2024-06-30 .. 2026-06-30 inclusive is 731 days = 24.02 months
    f = imhs_work(job(start="2024-06-30"))
    assert f.status == "met"
    assert f.have == 24.0
    assert f.evidence == ("/work/0",)


def test_one_day_short_of_24_months_is_unmet_with_what_is_left():
    f = imhs_work(job(start="2024-07-01"))  # 730 days = 23.98 months
    assert f.status == "unmet"
    assert f.have == 23.9
    assert "0.1 to go" in f.message


def test_half_time_work_counts_half_and_meets_exactly_at_the_threshold():
    # 1461 days at 20 h/week = 730.5 full-time days = exactly 24 months
    assert imhs_work(job(start="2022-07-01", hours=20)).status == "met"
    assert imhs_work(job(start="2022-07-02", hours=20)).status == "unmet"


def test_overlapping_full_time_jobs_count_each_day_once():
    f = imhs_work(job("a", start="2025-06-30"), job("b", start="2025-06-30"))
    assert f.status == "unmet"
    assert f.have == 12.0


def test_two_overlapping_half_time_jobs_add_up_to_full_time():
    f = imhs_work(job("a", start="2024-06-30", hours=20), job("b", start="2024-06-30", hours=20))
    assert f.status == "met"
    assert set(f.evidence) == {"/work/0", "/work/1"}


def test_more_than_forty_hours_counts_as_one_full_time_day():
    assert imhs_work(job(start="2024-07-01", hours=60)).status == "unmet"


def test_ended_job_counts_to_its_end_date_only():
    # 2020 is a leap year: 2020-01-01 .. 2021-12-30 is 730 days, .. 2021-12-31 is 731
    assert imhs_work(job(start="2020-01-01", end="2021-12-30")).status == "unmet"
    assert imhs_work(job(start="2020-01-01", end="2021-12-31")).status == "met"


def test_work_before_the_masters_degree_does_not_count():
    met = imhs_work(job(start="2015-01-01"), education=[degree(completed="2024-06-30")])
    unmet = imhs_work(job(start="2015-01-01"), education=[degree(completed="2024-07-01")])
    assert met.status == "met"
    assert unmet.status == "unmet"
    assert "after the master's degree" in unmet.message


def test_without_the_degree_no_post_degree_work_counts():
    f = imhs_work(job(start="2015-01-01"), education=[degree("bachelor", "2010-01-01")])
    assert f.status == "unmet"
    assert f.have == 0
    assert "no master's degree or higher" in f.message


def test_the_first_degree_at_that_level_or_higher_sets_the_start():
    education = [degree("doctorate", "2023-01-01"), degree("master", "2024-06-30")]
    assert imhs_work(job(start="2015-01-01"), education=education).have > 40


def test_unpaid_work_does_not_count():
    f = imhs_work(job(start="2015-01-01", paid=False))
    assert f.status == "unmet"
    assert ("/work/0", "is unpaid") in f.excluded_reasons


def test_future_dated_work_is_ignored_and_listed():
    a = assess(doc(education=[degree()], work=[job(start="2026-07-01")]), "IMHS")
    assert a.finding("work").have == 0
    assert "/work/0: starts after 2026-06-30" in a.ignored


@pytest.mark.parametrize(
    ("population", "counts"),
    [
        ({"min_months": 0, "max_months": 35}, True),
        ({"min_months": 35, "max_months": 60}, True),
        ({"min_months": 36, "max_months": 60}, False),
        ({"min_months": 40, "max_months": 60, "prenatal": True}, True),
    ],
)
def test_imh_e_scope_is_prenatal_or_below_36_months(population, counts):
    entry = job(start="2015-01-01")
    entry["population"] = population
    assert (imhs_work(entry).status == "met") is counts


@pytest.mark.parametrize(
    ("population", "counts"),
    [
        ({"min_months": 0, "max_months": 35}, False),
        ({"min_months": 0, "max_months": 36}, True),
        ({"min_months": 71, "max_months": 100}, True),
        ({"min_months": 72, "max_months": 100}, False),
        ({"min_months": 0, "max_months": 12, "prenatal": True}, False),
    ],
)
def test_ecmh_e_scope_overlaps_36_to_71_months(population, counts):
    entry = job(start="2015-01-01")
    entry["population"] = population
    f = finding(doc(education=[degree()], work=[entry]), "ECMHS", "work")
    assert (f.status == "met") is counts


@pytest.mark.parametrize(
    "change",
    [
        {"participants": "child_only"},
        {"participants": "caregiver_only"},
        {"services": []},
        {"relationship_focused": False},
        {"addresses_attachment_loss": False},
        {"kind": "prevention"},
    ],
)
def test_imhs_work_must_be_imh_practice(change):
    entry = job(start="2015-01-01")
    entry.update(change)
    assert imhs_work(entry).status == "unmet"


def test_imh_practice_statements_become_review_points():
    a = assess(doc(education=[degree()], work=[job(start="2015-01-01")]), "IMHS")
    assert a.review_points == (
        "/work/0: relationship focus and attention to attachment and loss are as stated; "
        "a reviewer confirms",
    )


def test_ifs_counts_prevention_with_any_participants_but_none():
    entries = [
        job(start="2015-01-01", kind="prevention", participants="child_only", practice=False)
    ]
    f = finding(doc(education=[degree("bachelor")], work=entries), "IFS", "work")
    assert f.status == "met"
    entries[0]["participants"] = "none"
    f = finding(doc(education=[degree("bachelor")], work=entries), "IFS", "work")
    assert f.status == "unmet"


def test_ifs_does_not_count_promotion_work():
    entries = [job(start="2015-01-01", kind="promotion", practice=False)]
    assert finding(doc(education=[degree()], work=entries), "IFS", "work").status == "unmet"


def test_leadership_counts_calendar_days_whatever_the_hours_or_ages():
    entries = [
        job(
            "a",
            start="2023-06-30",
            hours=4,
            kind="rsc_provision",
            min_months=100,
            max_months=200,
            participants="none",
            practice=False,
        ),
        job("b", start="2023-06-30", hours=4, kind="rsc_provision", practice=False),
    ]
    f = finding(doc(education=[degree()], work=entries), "IMHM-C", "leadership")
    # 2023-06-30 .. 2026-06-30 = 1097 days = 36.04 months, the overlap counted once
    assert f.status == "met"
    assert f.have == 36.0


def test_leadership_one_day_short():
    # 36 months = 1095.75 days: 2023-07-01 .. 2026-06-30 is 1096 days, from 07-02 1095
    entries = [job(start="2023-07-01", kind="policy", practice=False)]
    assert finding(doc(education=[degree()], work=entries), "IMHM-P", "leadership").met
    entries = [job(start="2023-07-02", kind="policy", practice=False)]
    f = finding(doc(education=[degree()], work=entries), "IMHM-P", "leadership")
    assert f.status == "unmet"
    assert f.have == 35.9


def test_leadership_must_be_of_the_category_kind():
    entries = [job(start="2015-01-01", kind="research_teaching", practice=False)]
    assert finding(doc(education=[degree()], work=entries), "IMHM-P", "leadership").status == (
        "unmet"
    )
    assert finding(doc(education=[degree()], work=entries), "IMHM-R", "leadership").status == (
        "met"
    )


@pytest.mark.parametrize(
    ("education", "met"),
    [
        ([degree("cda", related=False)], True),
        ([degree("associate", related=True)], True),
        ([degree("associate", related=False)], False),
        ([degree("bachelor", related=False)], True),
        ([degree("none")], False),
        ([], False),
    ],
)
def test_ifa_education(education, met):
    assert (finding(doc(education=education), "IFA", "education").status == "met") is met


def test_ifa_experience_stands_in_for_education():
    work = [job(start="2024-06-30", kind="promotion", participants="child_only", practice=False)]
    f = finding(doc(education=[degree("associate", related=False)], work=work), "IFA", "education")
    assert f.status == "met"
    assert "stand in" in f.message
    work[0]["start"] = "2024-07-01"
    f = finding(doc(work=work), "IFA", "education")
    assert f.status == "unmet"
    assert "0.1 to go" in f.message


def test_ifa_experience_must_have_participants():
    work = [job(start="2015-01-01", kind="promotion", participants="none", practice=False)]
    assert finding(doc(work=work), "IFA", "education").status == "unmet"


@pytest.mark.parametrize(
    ("education", "met"),
    [
        ([degree("master", related=True)], True),
        ([degree("doctorate", related=True)], True),
        ([degree("master", related=False)], False),
        ([degree("master", related=False, imh_certificate=True)], True),
        ([degree("bachelor", related=True, imh_certificate=True)], False),
    ],
)
def test_imhs_education(education, met):
    assert (finding(doc(education=education), "IMHS", "education").status == "met") is met


def test_a_degree_completed_after_as_of_does_not_count():
    a = assess(doc(education=[degree(completed="2026-07-01")]), "IMHS")
    assert a.finding("education").status == "unmet"
    assert "/education/0: completed after 2026-06-30" in a.ignored


def test_ifs_needs_any_bachelor_and_ifrs_a_related_master():
    unrelated_bachelor = doc(education=[degree("bachelor", related=False)])
    assert finding(unrelated_bachelor, "IFS", "education").status == "met"
    assert finding(unrelated_bachelor, "IFRS", "education").status == "unmet"
    unrelated_master = doc(education=[degree("master", related=False)])
    assert finding(unrelated_master, "IFRS", "education").status == "unmet"
    assert finding(unrelated_master, "IMHM-P", "education").status == "met"
