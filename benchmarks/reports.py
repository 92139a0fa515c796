"""The reports, in bare pages: the coordinator's dashboard and workforce map at 10,000 people
(5,000 applicants with a year of applications, 5,000 people endorsed before), cached as a page
is between two changes, and computed again as the first visit after a change.

Issue 19's target is a throughput of at least half a bare page's: a cached dashboard costs at
most 2 bare pages (the bare page signed in as the same coordinator, so both pay for the session).
Runs in its own process (`python benchmarks/reports.py`; `make bench` reads its figures as JSON
with `--json`), on the pages bench's fresh in-memory SQLite.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from measure import Figure, ratio_figure, table, verdict
from pages import Site, setup_django
from targets import REPORTS as TARGETS

APPLICANTS = 5_000  # and as many people endorsed before: 10,000 people


def figures(repeats: int = 15) -> list[Figure]:
    setup_django()
    from django.test import Client

    from dyad.reports.history import add_history
    from dyad.reports.views import report_cache
    from dyad.testing.factories import make_staff

    site = Site()
    association = site.association
    counties = [f"{name} County" for name in ("Wayne", "Oakland", "Macomb", "Kent", "Ingham")]
    add_history(association, state="MI", counties=counties, people=APPLICANTS, seed=19)
    coordinator = make_staff(association, "coordinator")
    client = Client()
    client.force_login(coordinator)

    def get(path: str, marker: bytes):
        def request() -> object:
            response = client.get(path)
            if response.status_code != 200 or marker not in response.content:
                raise RuntimeError(f"GET {path}: {response.status_code}")
            return response

        return request

    bare = get("/bench/bare", b"ok")
    dashboard = get(f"/a/{association.slug}/reports/", b"Exam pass rates")
    workforce = get(f"/a/{association.slug}/reports/map/", b"report-map")

    def dashboard_changed() -> object:
        report_cache().clear()  # as after any event: the figures are computed again
        return dashboard()

    def map_changed() -> object:
        report_cache().clear()
        return workforce()

    for page in (bare, dashboard, workforce):
        for _ in range(3):
            page()
    results = []
    for name, subject, target in (
        ("GET reports/, 10,000 people (cached)", dashboard, "dashboard_cached"),
        ("GET reports/map/, 10,000 people (cached)", workforce, "map_cached"),
        ("GET reports/, 10,000 people (after a change)", dashboard_changed, "dashboard_changed"),
        ("GET reports/map/, 10,000 people (after a change)", map_changed, "map_changed"),
    ):
        figure, _ = ratio_figure(
            name,
            bare,
            subject,
            "bare pages",
            TARGETS[target],
            repeats=repeats,
            batch_seconds=0.03,
            budget=5,
        )
        results.append(figure)
    return results


if __name__ == "__main__":
    found = figures()
    if "--json" in sys.argv:
        print(json.dumps([asdict(f) for f in found]))
    else:
        print(table(found))
        sys.exit(verdict(found))
