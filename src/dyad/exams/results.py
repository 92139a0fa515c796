"""A result as a person reads it: each part against its pass share, and feedback per knowledge
area and value (the share of the points of the items tagged with it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dyad.applications.ratings import VALUES
from dyad.standards import codes

from .models import Result

PARTS = {
    "mc": gettext_lazy("Multiple choice"),
    "written": gettext_lazy("Written responses"),
    "overall": gettext_lazy("Overall"),
}
#: a share of an area's points at or above this reads as a strength
STRONG = 0.8


def area_label(code: str) -> str:
    if code in codes.AREAS:
        return _(codes.AREAS[code])
    if code in VALUES:
        return str(VALUES[code])
    return code


@dataclass(frozen=True)
class Part:
    name: str
    share: float | None
    needed: float
    passed: bool

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)

    @property
    def needed_percent(self) -> int:
        return round(self.needed * 100)


@dataclass(frozen=True)
class AreaFeedback:
    code: str
    label: str
    score: float
    maximum: int
    percent: int
    advice: str


def parts(result: Result) -> list[Part]:
    return [
        Part(str(PARTS[key]), p["share"], p["needed"], p["passed"])
        for key in PARTS
        if (p := result.parts.get(key)) is not None and p["share"] is not None
    ]


def area_feedback(result: Result) -> list[AreaFeedback]:
    """Per area, weakest first: what share of its points the candidate earned, and a sentence."""
    overall = result.parts.get("overall", {}).get("needed", 0.7)
    found = []
    for code, area in result.by_area.items():
        if not area["max"]:
            continue
        share = area["score"] / area["max"]
        if share >= STRONG:
            advice = _("A strength.")
        elif share >= overall:
            advice = _("Adequate; worth reviewing.")
        else:
            advice = _("An area to develop before the next exam.")
        found.append(
            AreaFeedback(
                code, area_label(code), area["score"], area["max"], round(share * 100), advice
            )
        )
    return sorted(found, key=lambda a: (a.percent, a.label))
