"""The one eligibility engine: evaluate(portfolio, category, as_of) -> Assessment."""

from __future__ import annotations

from datetime import date

from . import codes
from .dates import check_assessment_date
from .facts import Portfolio
from .findings import Assessment, Note
from .messages import m
from .requirement_sets import RequirementSet, RequirementSetError, baseline_for
from .rules import RULES, Context


def evaluate(
    portfolio: Portfolio,
    category: str,
    as_of: date,
    requirement_set: RequirementSet | None = None,
    renewal: bool = False,
) -> Assessment:
    """Assess `portfolio` for `category` on `as_of`: one finding per requirement of the set.

    Raises ValueError for an `as_of` outside dates.EARLIEST..LATEST.
    """
    check_assessment_date(as_of)
    if category not in codes.CATEGORIES:
        raise RequirementSetError(
            f"unknown category {category!r}; use one of {', '.join(codes.CATEGORIES)}"
        )
    rset = requirement_set or baseline_for(category)
    if codes.standard_of(category) != rset.standard:
        raise RequirementSetError(
            f"{category} is an {codes.standard_of(category)} category; requirement set "
            f"{rset.id} is for {rset.standard}"
        )
    spec = rset.category(category)
    ctx = Context(portfolio, as_of, rset, spec, renewal)
    findings = tuple(RULES[r.rule](ctx, r.params) for r in spec.rules(renewal))
    return Assessment(
        standard=rset.standard,
        category=category,
        category_name=spec.name,
        requirement_set=rset.id,
        requirement_set_version=rset.version,
        mode="renewal" if renewal else "application",
        as_of=as_of,
        findings=findings,
        ignored_entries=ignored_entries(portfolio, as_of),
        person=portfolio.name,
    )


def ignored_entries(p: Portfolio, as_of: date) -> tuple[Note, ...]:
    """Entries dated after as_of: not counted, and listed so nobody wonders why."""
    day = as_of.isoformat()
    after = m("ignored.dated_after", as_of=day)
    out: list[Note] = []
    out += [
        Note(e.ref, m("ignored.completed_after", as_of=day))
        for e in p.education
        if e.completed > as_of
    ]
    out += [Note(t.ref, after) for t in p.training if t.date > as_of]
    out += [Note(w.ref, m("ignored.starts_after", as_of=day)) for w in p.work if w.start > as_of]
    out += [Note(s.ref, after) for s in p.rsc if s.date > as_of]
    out += [Note(r.ref, after) for r in p.references if r.date and r.date > as_of]
    out += [Note(e.ref, after) for e in p.exams if e.date > as_of]
    out += [Note(a.ref, after) for a in p.agreements if a.signed > as_of]
    out += [
        Note(e.ref, m("ignored.granted_after", as_of=day))
        for e in p.endorsements
        if e.granted > as_of
    ]
    return tuple(out)
