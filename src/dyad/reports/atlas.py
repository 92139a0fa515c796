"""County shapes for the workforce map, from the npm package us-atlas (installed at build time by
the Makefile's `assets` rule into `static/vendor/us-atlas/`; never fetched at run time).

`counties-albers-10m.json` is TopoJSON already projected (Albers USA, 975 x 610 units): its arcs
are quantized and delta-encoded, and each county is a list of rings of arc indexes (a negative
index ~i is arc i walked backwards). We decode only the arcs of one state's counties and write
each county as an SVG path, so the page draws the map with no script.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dyad.credentials.models import county_key

ATLAS = Path(__file__).resolve().parents[1] / "static" / "vendor" / "us-atlas"
COUNTIES_FILE = ATLAS / "counties-albers-10m.json"

#: The Census Bureau's two-digit code of each state (and DC, Puerto Rico) by its postal letters:
#: us-atlas names counties by five digits, the state's two first.
STATE_FIPS = {
    "AL": "01", "AK": "02", "AZ": "04", "AR": "05", "CA": "06", "CO": "08", "CT": "09",
    "DE": "10", "DC": "11", "FL": "12", "GA": "13", "HI": "15", "ID": "16", "IL": "17",
    "IN": "18", "IA": "19", "KS": "20", "KY": "21", "LA": "22", "ME": "23", "MD": "24",
    "MA": "25", "MI": "26", "MN": "27", "MS": "28", "MO": "29", "MT": "30", "NE": "31",
    "NV": "32", "NH": "33", "NJ": "34", "NM": "35", "NY": "36", "NC": "37", "ND": "38",
    "OH": "39", "OK": "40", "OR": "41", "PA": "42", "RI": "44", "SC": "45", "SD": "46",
    "TN": "47", "TX": "48", "UT": "49", "VT": "50", "VA": "51", "WA": "53", "WV": "54",
    "WI": "55", "WY": "56", "PR": "72",
}  # fmt: skip

#: the map's margin around the state, in the atlas's units
MARGIN = 4


@dataclass(frozen=True)
class County:
    fips: str
    name: str  # as the atlas spells it ("Wayne", "St. Clair")
    key: str  # `credentials.models.county_key` of the name: how endorsements are matched
    path: str  # SVG path data in the state map's coordinates


@dataclass(frozen=True)
class StateMap:
    state: str
    view_box: str
    counties: tuple[County, ...]


def available() -> bool:
    return COUNTIES_FILE.exists()


@cache
def _topology() -> dict:
    with COUNTIES_FILE.open(encoding="utf-8") as f:
        return json.load(f)


def _decode_arc(topology: dict, index: int) -> list[tuple[float, float]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    x = y = 0
    points = []
    for dx, dy in topology["arcs"][index]:
        x += dx
        y += dy
        points.append((x * sx + tx, y * sy + ty))
    return points


def _ring(topology: dict, arcs: list[int], decoded: dict) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in arcs:
        forward = index >= 0
        real = index if forward else ~index
        if real not in decoded:
            decoded[real] = _decode_arc(topology, real)
        line = decoded[real] if forward else decoded[real][::-1]
        points.extend(line if not points else line[1:])  # arcs share their end points
    return points


@cache
def state_map(state: str) -> StateMap | None:
    """The counties of `state` (postal letters) fitted to their own box, or None when the state
    is unknown or the atlas is not installed."""
    fips = STATE_FIPS.get(state.upper())
    if fips is None or not available():
        return None
    topology = _topology()
    decoded: dict[int, list[tuple[float, float]]] = {}
    shapes = []
    for geometry in topology["objects"]["counties"]["geometries"]:
        if not str(geometry.get("id", "")).startswith(fips):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [_ring(topology, ring, decoded) for polygon in polygons for ring in polygon]
        name = geometry.get("properties", {}).get("name", "")
        shapes.append((geometry["id"], name, rings))
    if not shapes:
        return None
    xs = [x for _, _, rings in shapes for ring in rings for x, _ in ring]
    ys = [y for _, _, rings in shapes for ring in rings for _, y in ring]
    left, top = min(xs) - MARGIN, min(ys) - MARGIN
    width, height = max(xs) - left + MARGIN, max(ys) - top + MARGIN
    counties = tuple(
        County(
            fips=code,
            name=name,
            key=county_key(name),
            path="".join(
                "M" + "L".join(f"{x - left:.2f},{y - top:.2f}" for x, y in ring) + "Z"
                for ring in rings
            ),
        )
        for code, name, rings in sorted(shapes, key=lambda s: s[1])
    )
    return StateMap(state.upper(), f"0 0 {width:.2f} {height:.2f}", counties)
