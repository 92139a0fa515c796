"""Bar charts of a report's figures, drawn on the server as SVG (like `portfolios/charts.py`).

The chart is a picture for sighted readers (`aria-hidden`); the table under it is the accessible
version with the same numbers, and its CSV the same again. The geometry is computed here and drawn
by `reports/_chart.html`: no script, no inline style (the Content-Security-Policy forbids both),
colours from classes in dyad.css. Each row of the figure is its label on one line, then one bar
per drawn column, its length against the largest value of the chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from .figures import Figure

WIDTH = 320  # narrow, so the text stays legible when a phone scales the drawing down
BAR_MAX = 250  # the longest bar; the value is written after it
BAR_HEIGHT = 12
LABEL_HEIGHT = 18
GAP = 10
TOP = 6
LEGEND = 18  # a line of the legend (one per drawn column, when there are several)


@dataclass(frozen=True)
class Bar:
    series: int  # which drawn column: the class `report-bar-<series>`
    y: float
    width: float
    value: str
    value_x: float


@dataclass(frozen=True)
class ChartRow:
    label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Legend:
    series: int
    name: str
    y: float  # the top of its swatch


@dataclass(frozen=True)
class Chart:
    rows: tuple[ChartRow, ...]
    legend: tuple[Legend, ...]
    width: int
    height: float
    bar_height: int


def _number(value) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _shown(value) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def bar_chart(figure: Figure) -> Chart:
    longest = max((_number(row.values[i]) for row in figure.rows for i in figure.bars), default=0.0)
    several = len(figure.bars) > 1
    top = TOP + (LEGEND * len(figure.bars) if several else 0)
    legend = tuple(
        Legend(series, str(figure.columns[column]), 4.0 + series * LEGEND)
        for series, column in enumerate(figure.bars)
    )
    rows = []
    y = top
    for row in figure.rows:
        label_y = y + 13
        y += LABEL_HEIGHT
        bars = []
        for series, column in enumerate(figure.bars):
            value = row.values[column]
            width = round(BAR_MAX * _number(value) / longest, 1) if longest else 0.0
            bars.append(Bar(series, y, width, _shown(value), width + 6))
            y += BAR_HEIGHT + 2
        rows.append(ChartRow(row.label, label_y, tuple(bars)))
        y += GAP
    return Chart(tuple(rows), legend, WIDTH, y, BAR_HEIGHT)
