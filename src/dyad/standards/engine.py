"""The one eligibility engine: evaluate(portfolio, category, as_of) -> Assessment."""

from __future__ import annotations

from datetime import date

from . import codes
from .facts import Portfolio
from .findings import Assessment
from .requirement_sets import RequirementSet, RequirementSetError, baseline_for
from .rules import RULES, Context


def evaluate(
    portfolio: Portfolio,
    category: str,
    as_of: date,
    requirement_set: RequirementSet | None = None,
    renewal: bool = False,
) -> Assessment:
    """Assess `portfolio` for `category` on `as_of`: one finding per requirement of the set."""
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
        review_points=tuple(ctx.review_points),
        ignored=ignored_entries(portfolio, as_of),
        person=portfolio.name,
    )


def ignored_entries(p: Portfolio, as_of: date) -> tuple[str, ...]:
    """Entries dated after as_of: not counted, and listed so nobody wonders why."""
    after = f"dated after {as_of.isoformat()}"
    out: list[str] = []
    out += [
        f"{e.pointer}: completed after {as_of.isoformat()}"
        for e in p.education
        if e.completed > as_of
    ]
    out += [f"{t.pointer}: {after}" for t in p.training if t.date > as_of]
    out += [f"{w.pointer}: starts after {as_of.isoformat()}" for w in p.work if w.start > as_of]
    out += [f"{s.pointer}: {after}" for s in p.rsc if s.date > as_of]
    out += [f"{r.pointer}: {after}" for r in p.references if r.date and r.date > as_of]
    out += [f"{e.pointer}: {after}" for e in p.exams if e.date > as_of]
    for key, day in (
        ("code_of_ethics", p.code_of_ethics),
        ("endorsement_agreement", p.endorsement_agreement),
    ):
        if day and day > as_of:
            out.append(f"/agreements/{key}: {after}")
    out += [
        f"{e.pointer}: granted after {as_of.isoformat()}"
        for e in p.endorsements
        if e.granted > as_of
    ]
    return tuple(out)
