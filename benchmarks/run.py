"""`make bench`: every figure as a ratio to a reference measured in the same run, with its target.

The engine is measured in plain passes over the same portfolio's entries, the pages in bare pages
(a view returning "ok", behind the same middleware) of the same server, memory in megabytes.
Exits 1 when any figure is over its target, so the bench can gate a change; the absolute figures
are printed for information only (they vary with load).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import api
import engine
import exam_autosave
import pages
import registry
import renewals
import uploads
from measure import Figure, table, verdict


def badge_figures(name: str = "badges.py") -> list[Figure]:
    """benchmarks/badges.py (or another bench of the same kind, `name`) in a fresh process (its
    own in-memory database)."""
    script = Path(__file__).with_name(name)
    done = subprocess.run(
        [sys.executable, str(script), "--json"], capture_output=True, text=True, check=True
    )
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    return [Figure(**{**row, "spread": row["spread"] and tuple(row["spread"])}) for row in rows]


def import_figures() -> list[Figure]:
    """benchmarks/imports.py in a fresh process (its own in-memory database)."""
    script = Path(__file__).with_name("imports.py")
    done = subprocess.run(
        [sys.executable, str(script), "--json"], capture_output=True, text=True, check=True
    )
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    return [Figure(**{**row, "spread": row["spread"] and tuple(row["spread"])}) for row in rows]


def load() -> str:
    try:
        return f"load average {os.getloadavg()[0]:.1f}"
    except OSError:
        return "load average unknown"


def main() -> int:
    started = time.perf_counter()
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} cores, {load()} at the start"
    )
    results = engine.figures()
    print("\nEngine, in plain passes over the same portfolio's entries")
    print(table(results))
    page_results = pages.figures()
    print("\nPages, in bare pages (a view returning 'ok') of the same server; memory in MB")
    print(table(page_results))
    upload_results = uploads.figures()
    print("\nTranscript uploads, in bare pages of the same server")
    print(table(upload_results))
    exam_results = exam_autosave.figures()
    print("\nThe exam's autosave, in bare pages of the same signed-in candidates")
    print(table(exam_results))
    badge_results = badge_figures()
    print("\nVerifiable credentials, in bare pages of the same server")
    print(table(badge_results))
    import_results = import_figures()
    print("\nImports: 50,000 endorsees from one CSV, dry run and confirm")
    print(table(import_results))
    report_results = badge_figures("reports.py")
    print("\nReports at 10,000 people, in bare pages of the same server (signed in)")
    print(table(report_results))
    ruleset_results = badge_figures("rulesets.py")
    print("\nThe impact preview of a requirement-set draft, in row passes (rate beside it)")
    print(table(ruleset_results))
    print("\nThe registry at 100,000 endorsements on PostgreSQL (p95 in ms, and in /definitions/)")
    registry_results = registry.figures_in_a_process()
    if registry_results:
        print(table(registry_results))
    print("\nThe API at 100,000 endorsements on PostgreSQL (in bare GET /api/v1/ requests)")
    api_results = api.figures_in_a_process()
    if api_results:
        print(table(api_results))
    print("\nThe renewal sweep at 100,000 endorsements on PostgreSQL (s, and in plain UPDATEs)")
    renewal_results = renewals.figures_in_a_process()
    if renewal_results:
        print(table(renewal_results))
    print(f"\n{time.perf_counter() - started:.0f} s, {load()} at the end")
    return verdict(
        results
        + page_results
        + upload_results
        + exam_results
        + badge_results
        + import_results
        + report_results
        + ruleset_results
        + registry_results
        + api_results
        + renewal_results
    )


if __name__ == "__main__":
    sys.exit(main())
