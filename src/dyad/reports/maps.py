"""The workforce map: endorsements in force by county for the association's state, drawn from
the us-atlas shapes (`atlas.py`) and the counts of `figures.by_county`, with the same numbers as
a table (the accessible version) and as CSV."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from dyad.standards.codes import CATEGORIES

from . import atlas
from .figures import CountyCounts, Figure, Row

#: shades of the map, lightest (none) to darkest: the classes `report-map-0` .. `report-map-4`
SHADES = 5


@dataclass(frozen=True)
class Shape:
    name: str
    path: str
    count: int
    shade: int


@dataclass(frozen=True)
class Step:
    shade: int
    text: str


@dataclass(frozen=True)
class WorkforceMap:
    state: str
    view_box: str
    shapes: tuple[Shape, ...]
    legend: tuple[Step, ...]
    figure: Figure
    unmatched: int  # in force in the state, with a county the atlas does not know
    elsewhere: int
    drawn: bool  # False when the atlas is not installed or the state is unknown


def _shade(count: int, largest: int) -> int:
    """0 for none, else 1 to 4 by the count's share of the largest (the largest is darkest)."""
    if count <= 0 or largest <= 0:
        return 0
    return max(1, math.ceil((SHADES - 1) * count / largest))


def _legend(largest: int) -> list[Step]:
    """Each shade with the counts it stands for (shades no count can reach are left out)."""
    steps = [Step(0, _("none"))]
    for shade in range(1, SHADES):
        counts = [n for n in range(1, largest + 1) if _shade(n, largest) == shade]
        if counts:
            low, high = counts[0], counts[-1]
            steps.append(Step(shade, str(low) if low == high else f"{low}–{high}"))
    return steps


def workforce_map(counts: CountyCounts) -> WorkforceMap:
    shapes_of = atlas.state_map(counts.state) if counts.state else None
    totals = {key: sum(per.values()) for key, per in counts.counts.items()}
    largest = max(totals.values(), default=0)
    known = {c.key: c for c in shapes_of.counties} if shapes_of else {}
    shapes = tuple(
        Shape(c.name, c.path, totals.get(c.key, 0), _shade(totals.get(c.key, 0), largest))
        for c in (shapes_of.counties if shapes_of else ())
    )
    legend = _legend(largest)
    categories = [c for c in CATEGORIES if any(c in per for per in counts.counts.values())]
    rows = tuple(
        Row(
            known[key].name if key in known else counts.names.get(key, key),
            (totals[key], *(counts.counts[key].get(c, 0) for c in categories)),
            key=counts.names.get(key, key),
        )
        for key in sorted(totals, key=lambda k: (-totals[k], k))
    )
    unmatched = sum(totals[k] for k in totals if known and k not in known)
    figure = Figure(
        "counties",
        _("Endorsed people by county"),
        _("County"),
        (_("In force"), *categories),
        rows,
    )
    return WorkforceMap(
        state=counts.state,
        view_box=shapes_of.view_box if shapes_of else "",
        shapes=shapes,
        legend=tuple(legend),
        figure=figure,
        unmatched=unmatched,
        elsewhere=counts.elsewhere,
        drawn=shapes_of is not None,
    )
