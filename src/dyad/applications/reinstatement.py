"""What an application that reinstates a lapsed endorsement asks (`Application.reinstates`):
only what accrued since the lapse, and new references. Started by
`services.start_reinstatement`; endorsing it puts the same endorsement back in force."""

from __future__ import annotations

from datetime import date, timedelta

from dyad.credentials.models import Endorsement
from dyad.standards import evaluate, facts
from dyad.standards.findings import MET, UNMET, Assessment, Finding
from dyad.standards.messages import m
from dyad.standards.requirement_sets import RequirementSet


def lapsed_on(endorsement: Endorsement) -> date:
    """The first day an endorsement no longer counted: its expiry plus the grace period, plus
    one."""
    return endorsement.last_day_in_force() + timedelta(days=1)


def reinstatement_assessment(
    portfolio: facts.Portfolio, category: str, on: date, rset: RequirementSet, since: date
) -> Assessment:
    """What a reinstatement asks: only what accrued since the lapse on `since`, and new
    references. The renewal rules of the category (training and, where the category asks for
    it, RS/C in the last 12 months; the agreements signed again; a membership in force) without
    the endorsement held (it is the one lapsed), work experience since the lapse, and the
    application's references (three new ratings). Education, the years of work and the rest of
    the portfolio carry over: they are not assessed again."""
    renewal = evaluate(portfolio, category, on, rset, renewal=True)
    application = evaluate(portfolio, category, on, rset)
    since_lapse = [
        w.ref for w in portfolio.work if (w.end is None or w.end >= since) and w.start <= on
    ]
    work = Finding(
        rule="work",
        status=MET if since_lapse else UNMET,
        explanation=m(
            "endorsement.work_since" if since_lapse else "endorsement.no_work_since",
            date=since.isoformat(),
        ),
        evidence=tuple(since_lapse),
    )
    findings = (
        *(f for f in renewal.findings if f.rule != "endorsement"),
        work,
        *(f for f in application.findings if f.rule == "references"),
    )
    return Assessment(
        standard=application.standard,
        category=application.category,
        category_name=application.category_name,
        requirement_set=application.requirement_set,
        requirement_set_version=application.requirement_set_version,
        mode="application",
        as_of=on,
        findings=findings,
        ignored_entries=application.ignored_entries,
        person=application.person,
    )
