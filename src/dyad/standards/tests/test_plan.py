"""plan(): every category, what is missing, and when time alone closes the gap."""

from datetime import date, timedelta

from dyad.standards import plan
from dyad.standards.portfolio_file import portfolio_from_document

from .builders import AS_OF, complete_imhs, degree, doc, job, provider


def plan_for(document, as_of=AS_OF, standards=("IMH-E",)):
    return plan(portfolio_from_document(document), as_of, standards)


def category(p, code):
    return next(c for c in p.categories if c.category == code)


def test_ongoing_full_time_work_projects_the_date_24_months_are_reached():
    document = doc(education=[degree()], work=[job(start="2025-06-30")])
    gap = next(g for g in category(plan_for(document), "IMHS").gaps if g.rule == "work")
    # 24 months = 730.5 days: the 731st day counted from 2025-06-30 is 2027-06-30
    assert gap.earliest == date(2025, 6, 30) + timedelta(days=730)
    assert gap.to_go == 12.0


def test_half_time_work_takes_twice_as_long():
    document = doc(education=[degree()], work=[job(start="2025-06-30", hours=20)])
    gap = next(g for g in category(plan_for(document), "IMHS").gaps if g.rule == "work")
    # 1461 half days from 2025-06-30: the last one is 2029-06-29
    assert gap.earliest == date(2025, 6, 30) + timedelta(days=1460)


def test_work_that_has_ended_gives_no_date():
    document = doc(education=[degree()], work=[job(start="2025-06-30", end="2026-01-01")])
    gap = next(g for g in category(plan_for(document), "IMHS").gaps if g.rule == "work")
    assert gap.earliest is None


def monthly_sessions(minutes):
    return [
        {
            "date": f"{year}-{month:02d}-15",
            "minutes": minutes,
            "format": "individual",
            "provider": "p1",
        }
        for year, month in [(2025, m) for m in range(7, 13)] + [(2026, m) for m in range(1, 7)]
    ]


def test_rsc_at_the_present_rate_reaches_50_hours_on_a_projected_session():
    # 2.5 hours a month: 30 hours now; 8 more monthly sessions make 50, the 8th on 2027-02-15
    document = doc(rsc_providers=[provider()], rsc=monthly_sessions(150))
    gap = next(g for g in category(plan_for(document), "IMHS").gaps if g.rule == "rsc_received")
    assert gap.to_go == 20.0
    assert gap.earliest == date(2027, 2, 15)


def test_rsc_too_slow_to_ever_reach_the_window_total_gives_no_date():
    # 24 hours a year can never make 50 within 24 months
    document = doc(rsc_providers=[provider()], rsc=monthly_sessions(120))
    gap = next(g for g in category(plan_for(document), "IMHS").gaps if g.rule == "rsc_received")
    assert gap.earliest is None


def test_gaps_that_need_action_have_no_date_and_the_category_needs_action():
    entry = category(plan_for(complete_imhs(exams=[])), "IMHS")
    assert [g.rule for g in entry.gaps] == ["exam"]
    assert entry.earliest is None


def test_highest_eligible_and_nearest_category():
    p = plan_for(complete_imhs())
    assert "IMHS" in p.eligible
    assert p.highest == "IMHS"
    assert p.nearest is not None and p.nearest != "IMHS"
    assert category(p, "IMHM-C").gaps  # mentor needs leadership months and its own exam


def test_plan_covers_both_standards_by_default():
    p = plan(portfolio_from_document(doc()), AS_OF)
    assert [c.category for c in p.categories][:7] == [
        "IFA",
        "IFS",
        "IFRS",
        "IMHS",
        "IMHM-C",
        "IMHM-P",
        "IMHM-R",
    ]
    assert len(p.categories) == 13
    assert p.to_dict()["format"] == "dyad-plan/1"


def test_the_pace_assumes_a_provider_who_renews_their_endorsement():
    """A provider's endorsement expiring in a few months (they renew yearly) must not hide the
    date the RS/C gap closes at the present rate."""
    from dyad.standards import plan
    from dyad.standards.portfolio_file import portfolio_from_document

    from .builders import AS_OF, doc, provider, sessions

    document = doc(
        rsc_providers=[provider("p1", category="IMHS", start="2025-09-01", end="2026-08-31")],
        rsc=sessions(15, date(2026, 3, 20)),  # weekly, an hour, since March: 15 of 24 hours
    )
    result = plan(portfolio_from_document(document), AS_OF)
    ifs = next(c for c in result.categories if c.category == "IFS")
    gap = next(g for g in ifs.gaps if g.rule == "rsc_received")
    assert gap.earliest is not None
    assert AS_OF < gap.earliest < date(2027, 6, 30)
