"""Training hours per knowledge area as a horizontal bar chart, drawn on the server as SVG.

The chart is a picture for sighted readers (`aria-hidden`); the table beside it is the
accessible version, with the same numbers. The geometry is computed here and drawn by
`portfolios/_area_chart.html`: no script, no inline style (the Content-Security-Policy forbids
it), colours from classes in dyad.css. Each area is a row: its name on one line, then a bar whose
length is its hours against the largest area's, the IMH-specific part drawn over it from the left.
"""

from __future__ import annotations

from dataclasses import dataclass

#: the drawing's own units; the SVG scales to the width it is given (a phone's 390 px included)
WIDTH = 400
LABEL_X = 0
BAR_MAX = 280  # the longest bar; the hours are written after it
ROW = 46  # label line + bar + gap
BAR_HEIGHT = 16
TOP = 28  # room for the legend
#: a label longer than this many characters is squeezed to the drawing's width (SVG text does
#: not wrap; a few areas have long names in Spanish)
LABEL_FITS = 50


@dataclass(frozen=True)
class Bar:
    name: str
    hours: float
    imh: float
    label_y: int
    bar_y: int
    width: float  # the bar of all hours
    imh_width: float  # the IMH-specific part of it
    value_x: float  # where the hours are written

    @property
    def squeeze(self) -> bool:
        return len(self.name) > LABEL_FITS


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    bar_height: int
    legend_y: int

    @property
    def empty(self) -> bool:
        return not any(b.hours for b in self.bars)


def _length(hours: float, longest: float) -> float:
    return round(BAR_MAX * hours / longest, 1) if longest else 0.0


def area_chart(areas: list[dict]) -> Chart:
    """The chart of `areas` as `home_views._area_hours` gives them: name, hours, imh."""
    longest = max((a["hours"] for a in areas), default=0)
    bars = []
    for i, area in enumerate(areas):
        top = TOP + i * ROW
        width = _length(area["hours"], longest)
        bars.append(
            Bar(
                name=str(area["name"]),
                hours=area["hours"],
                imh=area["imh"],
                label_y=top + 14,
                bar_y=top + 20,
                width=width,
                imh_width=_length(area["imh"], longest),
                value_x=LABEL_X + width + 6,
            )
        )
    return Chart(
        bars=tuple(bars),
        width=WIDTH,
        height=TOP + len(bars) * ROW,
        bar_height=BAR_HEIGHT,
        legend_y=14,
    )
