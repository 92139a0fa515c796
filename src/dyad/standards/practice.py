"""Is this work IMH practice? The seed definition made operational (docs/definitions.md §2, P1–P7).

P1–P4 describe the work, P5–P6 the practitioner, P7 forbids a false rule (discipline, setting and
licensure never exclude, so nothing here looks at them). P1 and P4 are the applicant's statements:
they hold as stated and become review points for a reviewer to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .facts import Portfolio, Work
from .findings import shown
from .messages import Message, m, render


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    holds: bool
    statement: bool  # the applicant's own statement, to be confirmed by a reviewer
    message: Message

    @property
    def text(self) -> str:
        return render(self.message)


@dataclass(frozen=True, slots=True)
class PracticeClassification:
    ref: str
    criteria: tuple[Criterion, ...]

    @property
    def is_practice(self) -> bool:
        """The work-level criteria P1–P4 (the work rule's test, docs/rules.md)."""
        return all(c.holds for c in self.criteria if c.code in {"P1", "P2", "P3", "P4"})

    @property
    def review_points(self) -> tuple[str, ...]:
        return tuple(f"{self.ref}: {c.text}" for c in self.criteria if c.statement and c.holds)


def is_imh_practice(w: Work) -> bool:
    """docs/rules.md, IMH practice: intervention with child and caregiver, a named service,
    relationship-focused and addressing attachment and loss (the last two as stated)."""
    return (
        w.kind == "intervention"
        and w.participants == "child_and_caregiver"
        and bool(w.services)
        and w.relationship_focused
        and w.addresses_attachment_loss
    )


def classify_practice(w: Work, portfolio: Portfolio, as_of: date) -> PracticeClassification:
    """Which of P1–P6 hold for one work entry, and which rest on the applicant's word."""
    imh_training = sum(t.minutes for t in portfolio.training if t.imh_specific and t.date <= as_of)
    linked = [s for s in portfolio.rsc if s.work == w.id and s.date <= as_of]
    criteria = (
        Criterion("P1", w.relationship_focused, True, m("practice.P1")),
        Criterion("P2", w.participants == "child_and_caregiver", False, m("practice.P2")),
        Criterion("P3", bool(w.services), False, m("practice.P3")),
        Criterion(
            "P4", w.addresses_attachment_loss and w.kind == "intervention", True, m("practice.P4")
        ),
        Criterion("P5", imh_training > 0, False, m("practice.P5", hours=shown(imh_training / 60))),
        Criterion("P6", bool(linked), False, m("practice.P6", sessions=len(linked))),
    )
    return PracticeClassification(w.ref, criteria)
