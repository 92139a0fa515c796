"""What the engine returns: one Finding per requirement, gathered in an Assessment."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

MET = "met"
UNMET = "unmet"
ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
ASSESSMENT_FORMAT = "dyad-assessment/1"
EPSILON = 1e-9


def shown(value: float) -> float:
    """A count shown to a person: one decimal, rounded down so 'have' never overstates."""
    return math.floor(value * 10 + EPSILON) / 10


def to_go(need: float, have: float) -> float:
    """What is missing, one decimal, rounded up so 'to go' never understates."""
    return max(0.0, math.ceil((need - have) * 10 - EPSILON) / 10)


def number(value: float) -> str:
    """1 -> '1', 8.5 -> '8.5' (for sentences)."""
    return f"{value:g}" if value != int(value) else str(int(value))


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    status: str
    message: str
    evidence: tuple[str, ...] = ()
    need: float | None = None
    have: float | None = None
    unit: str | None = None
    #: the exact (unrounded) amount, for projections and comparisons
    exact: float | None = None
    #: entries looked at but not counted, with the reason: (pointer, reason)
    excluded: tuple[tuple[str, str], ...] = ()

    @property
    def met(self) -> bool:
        return self.status == MET

    @property
    def missing(self) -> float | None:
        if self.need is None or self.exact is None:
            return None
        return to_go(self.need, self.exact)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "status": self.status}
        if self.need is not None:
            out["need"] = float(self.need)
            out["have"] = float(self.have if self.have is not None else 0)
            out["unit"] = self.unit
        out["evidence"] = list(self.evidence)
        out["message"] = self.message
        return out


@dataclass(frozen=True, slots=True)
class Assessment:
    standard: str
    category: str
    category_name: str
    requirement_set: str
    requirement_set_version: int
    mode: str
    as_of: date
    findings: tuple[Finding, ...]
    review_points: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    person: str = ""

    @property
    def status(self) -> str:
        return ELIGIBLE if all(f.met for f in self.findings) else NOT_ELIGIBLE

    @property
    def eligible(self) -> bool:
        return self.status == ELIGIBLE

    @property
    def unmet(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.met)

    def finding(self, rule: str) -> Finding:
        for f in self.findings:
            if f.rule == rule:
                return f
        raise KeyError(rule)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": ASSESSMENT_FORMAT,
            "standard": self.standard,
            "category": self.category,
            "requirement_set": self.requirement_set,
            "mode": self.mode,
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "findings": [f.to_dict() for f in self.findings],
            "review_points": list(self.review_points),
            "ignored": list(self.ignored),
        }
