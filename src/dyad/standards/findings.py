"""What the engine returns: one Finding per requirement, gathered in an Assessment.

Findings carry a message code with parameters (`messages.py`), the refs of the entries that counted
and of those looked at and not counted, with reasons. `Assessment.to_dict()` is the contract's JSON
(`docs/assessment.schema.json`) plus optional fields that make it lossless:
`Assessment.from_dict(a.to_dict()) == a`, so an application can freeze one and show it years later.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .messages import Message, Translate, m, render

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


@dataclass(frozen=True, slots=True)
class Note:
    """A message about one entry, named by its ref: why it was not counted, or a review point."""

    ref: str
    message: Message

    def __reduce__(self) -> tuple[type[Note], tuple[str, Message]]:
        # A cached standing holds thousands of notes: pickled as a call, not field by field.
        return (Note, (self.ref, self.message))

    def text(self, translate: Translate | None = None) -> str:
        return render(self.message, translate) if translate else render(self.message)

    def to_dict(self) -> dict[str, Any]:
        # `text`: the English sentence, kept so a reader that no longer knows the code can show it
        return {"ref": self.ref, **self.message.to_dict(), "text": self.text()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Note:
        return cls(data["ref"], Message.from_dict(data, fallback=data.get("text")))


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    status: str
    explanation: Message
    evidence: tuple[str, ...] = ()
    need: float | None = None
    have: float | None = None
    unit: str | None = None
    #: the exact (unrounded) amount, for projections and comparisons
    exact: float | None = None
    #: entries looked at but not counted, each with the reason
    excluded: tuple[Note, ...] = ()
    #: statements of the applicant that a reviewer confirms, about the entries they name
    review_points: tuple[Note, ...] = ()

    @property
    def met(self) -> bool:
        return self.status == MET

    @property
    def message(self) -> str:
        """The plain English sentence of the contract (the command line prints it)."""
        return render(self.explanation)

    @property
    def title(self) -> Message:
        """The requirement's human name ("RS/C received"), to render in the reader's language."""
        return m(f"rule.{self.rule}")

    @property
    def excluded_reasons(self) -> tuple[tuple[str, str], ...]:
        """(ref, English reason) of each entry not counted."""
        return tuple((n.ref, n.text()) for n in self.excluded)

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
        # Optional fields (the contract allows additions): the message as code and parameters,
        # and what a frozen copy needs to be read again exactly.
        out["code"] = self.explanation.code
        out["params"] = self.explanation.to_dict()["params"]
        if self.exact is not None:
            out["exact"] = float(self.exact)
        out["excluded"] = [n.to_dict() for n in self.excluded]
        out["review_points"] = [n.to_dict() for n in self.review_points]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        return cls(
            rule=data["rule"],
            status=data["status"],
            explanation=Message.from_dict(data, fallback=data["message"]),
            evidence=tuple(data.get("evidence", ())),
            need=data.get("need"),
            have=data.get("have"),
            unit=data.get("unit"),
            exact=data.get("exact"),
            excluded=tuple(Note.from_dict(n) for n in data.get("excluded", ())),
            review_points=tuple(Note.from_dict(n) for n in data.get("review_points", ())),
        )


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
    #: entries dated after as_of, not counted anywhere, each with the reason
    ignored_entries: tuple[Note, ...] = ()
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

    @property
    def review_points(self) -> tuple[str, ...]:
        """Every finding's review points as the contract lists them: "ref: sentence"."""
        return tuple(f"{n.ref}: {n.text()}" for f in self.findings for n in f.review_points)

    @property
    def ignored(self) -> tuple[str, ...]:
        return tuple(f"{n.ref}: {n.text()}" for n in self.ignored_entries)

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
            # Optional fields beyond the contract's minimum.
            "category_name": self.category_name,
            "requirement_set_version": self.requirement_set_version,
            "person": self.person,
            "ignored_entries": [n.to_dict() for n in self.ignored_entries],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Assessment:
        """Read back what `to_dict` wrote (a frozen assessment): equal to the original."""
        if data.get("format") != ASSESSMENT_FORMAT:
            raise ValueError(f"not a {ASSESSMENT_FORMAT} document")
        return cls(
            standard=data["standard"],
            category=data["category"],
            category_name=data.get("category_name", ""),
            requirement_set=data["requirement_set"],
            requirement_set_version=int(data.get("requirement_set_version", 0)),
            mode=data["mode"],
            as_of=date.fromisoformat(data["as_of"]),
            findings=tuple(Finding.from_dict(f) for f in data["findings"]),
            ignored_entries=tuple(Note.from_dict(n) for n in data.get("ignored_entries", ())),
            person=data.get("person", ""),
        )
