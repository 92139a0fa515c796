"""plan(portfolio, as_of): for every category, where the person stands and the shortest way on.

For each unmet requirement the plan says what is missing and, where time alone closes the gap
(work months, leadership months, RS/C hours), the earliest date it will be met if current work
and RS/C continue at their present rate. The projection does not guess with its own arithmetic:
it extends the portfolio (ongoing jobs run on; the last twelve months of RS/C sessions repeat)
and asks the same engine on later dates.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from . import codes
from .dates import check_assessment_date, months_before
from .engine import evaluate
from .facts import Portfolio, RscSession
from .findings import Assessment, Finding
from .requirement_sets import BASELINES, RequirementSet, load_requirement_set
from .rules import RULES, Context

#: Rules that time alone can satisfy; the others need the person to do something.
PROJECTABLE = frozenset({"work", "leadership", "rsc_received", "education"})
HORIZON_DAYS = 5 * 366
PLAN_FORMAT = "dyad-plan/1"


@dataclass(frozen=True, slots=True)
class Gap:
    finding: Finding
    earliest: date | None  # when time alone closes the gap, at the present rate

    @property
    def rule(self) -> str:
        return self.finding.rule

    @property
    def message(self) -> str:
        return self.finding.message

    @property
    def to_go(self) -> float | None:
        return self.finding.missing

    @property
    def unit(self) -> str | None:
        return self.finding.unit

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "message": self.message,
            "to_go": self.to_go,
            "unit": self.unit,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            **self.finding.explanation.to_dict(),  # the message as a code, for other languages
        }


@dataclass(frozen=True, slots=True)
class CategoryPlan:
    assessment: Assessment
    gaps: tuple[Gap, ...]

    @property
    def category(self) -> str:
        return self.assessment.category

    @property
    def earliest(self) -> date | None:
        """The date every gap closes by time alone, or None when some gap needs action."""
        if not self.gaps:
            return self.assessment.as_of
        if any(g.earliest is None for g in self.gaps):
            return None
        return max(g.earliest for g in self.gaps if g.earliest is not None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "name": self.assessment.category_name,
            "standard": self.assessment.standard,
            "requirement_set": self.assessment.requirement_set,
            "status": self.assessment.status,
            "missing": [g.to_dict() for g in self.gaps],
            "earliest": self.earliest.isoformat() if self.earliest else None,
        }


@dataclass(frozen=True, slots=True)
class Plan:
    as_of: date
    person: str
    categories: tuple[CategoryPlan, ...]

    @property
    def eligible(self) -> tuple[str, ...]:
        return tuple(c.category for c in self.categories if c.assessment.eligible)

    @property
    def highest(self) -> str | None:
        """The most advanced category the person qualifies for now (set order is ascending)."""
        return self.eligible[-1] if self.eligible else None

    @property
    def nearest(self) -> str | None:
        """The category not yet met with the fewest gaps (then the earliest date)."""
        open_ = [c for c in self.categories if not c.assessment.eligible]
        if not open_:
            return None
        far = date.max
        best = min(open_, key=lambda c: (len(c.gaps), c.earliest or far))
        return best.category

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": PLAN_FORMAT,
            "as_of": self.as_of.isoformat(),
            "person": self.person,
            "eligible": list(self.eligible),
            "highest": self.highest,
            "nearest": self.nearest,
            "categories": [c.to_dict() for c in self.categories],
        }


def plan(
    portfolio: Portfolio,
    as_of: date,
    standards: tuple[str, ...] = codes.STANDARDS,
    requirement_sets: dict[str, RequirementSet] | None = None,
) -> Plan:
    """Every category of the given standards (both by default), in the set's order."""
    check_assessment_date(as_of)
    projected = project(portfolio, as_of)
    entries = []
    for standard in standards:
        rset = (requirement_sets or {}).get(standard) or load_requirement_set(BASELINES[standard])
        for code in rset.categories:
            assessment = evaluate(portfolio, code, as_of, rset)
            gaps = tuple(
                _gap(f, projected, rset, code, as_of) for f in assessment.findings if not f.met
            )
            entries.append(CategoryPlan(assessment, gaps))
    return Plan(as_of, portfolio.name, tuple(entries))


def project(portfolio: Portfolio, as_of: date) -> Portfolio:
    """The portfolio as it will be if things go on as now: RS/C continues as in the last twelve
    months, with providers who stay qualified (an endorsement held on `as_of` is renewed, as
    endorsements are each year).

    Ongoing jobs need nothing: an open `end` counts up to whatever date is assessed.
    """
    start = months_before(as_of, 12)
    recent = [s for s in portfolio.rsc if start < s.date <= as_of]
    future: list[RscSession] = []
    for year in range(1, HORIZON_DAYS // 365 + 2):
        later = timedelta(days=365 * year)
        # the session again a year later (built directly: dataclasses.replace is ten times
        # slower, and a large portfolio repeats thousands)
        future.extend(
            RscSession(
                f"projected:{year}:{s.ref}", s.date + later, s.minutes, s.format, s.provider, s.work
            )
            for s in recent
        )
    if not future:
        return portfolio
    providers = tuple(
        dataclasses.replace(
            p,
            endorsements=tuple(
                dataclasses.replace(e, end=None) if e.covers(as_of) else e for e in p.endorsements
            ),
        )
        for p in portfolio.providers
    )
    return dataclasses.replace(
        portfolio,
        rsc=portfolio.rsc + tuple(future),
        providers=providers,
        providers_by_id=MappingProxyType({p.id: p for p in providers}),
    )


def _gap(f: Finding, projected: Portfolio, rset: RequirementSet, code: str, as_of: date) -> Gap:
    earliest = None
    if f.rule in PROJECTABLE:
        earliest = _earliest(projected, rset, code, f.rule, as_of)
    return Gap(f, earliest)


def _met_on(portfolio: Portfolio, rset: RequirementSet, code: str, rule: str, day: date) -> bool:
    spec = rset.category(code)
    ctx = Context(portfolio, day, rset, spec)
    for r in spec.application:
        if r.rule == rule:
            return RULES[rule](ctx, r.params).met
    return True


def _earliest(
    portfolio: Portfolio, rset: RequirementSet, code: str, rule: str, as_of: date
) -> date | None:
    """First day the rule is met on the projected portfolio, within the horizon.

    Counted months only grow as days pass and the repeated RS/C keeps the window's total, so
    the rule is (near enough) monotone in time: check the horizon once, then bisect.
    """
    low, high = 0, HORIZON_DAYS  # not met at as_of + low; met at as_of + high
    if not _met_on(portfolio, rset, code, rule, as_of + timedelta(days=high)):
        return None
    while high - low > 1:
        middle = (low + high) // 2
        if _met_on(portfolio, rset, code, rule, as_of + timedelta(days=middle)):
            high = middle
        else:
            low = middle
    return as_of + timedelta(days=high)
