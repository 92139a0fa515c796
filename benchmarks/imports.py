"""Imports at scale: 50,000 endorsees from one CSV, dry run then confirm, as the worker runs a
big file (issue 19: under a minute). Printed as rows per second and seconds: the target applies
to the process's CPU time, since the database is in the process (SQLite in memory) and a shared
machine's load stretches the wall clock (printed beside it). The ratio is to a bare insert of
the same 50,000 endorsements (`bulk_create`, no checks, no people, no events) in the same run.

Runs in its own process (`python benchmarks/imports.py`; `make bench` runs it and reads its
figures as JSON with `--json`), on the pages bench's fresh in-memory SQLite.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from measure import Figure, duration, table, verdict
from pages import setup_django
from targets import IMPORTS as TARGETS

ROWS = 50_000
CATEGORIES = ("IFA", "IFS", "IFRS", "IMHS", "IMHM-C", "ECFS", "ECMHS")


def endorsees_csv(total: int, today) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    from dyad.imports.endorsees import COLUMNS

    writer.writerow(COLUMNS)
    for i in range(total):
        expires = today + timedelta(days=30 + i % 900)
        status = "revoked" if i % 20 == 0 else "active"
        if i % 25 == 1:
            expires, status = today - timedelta(days=200 + i % 300), "lapsed"
        writer.writerow(
            [
                f"IMP-{i:06d}",
                f"Holder Número {i:05d}",
                f"holder{i}@example.org" if i % 10 else "",
                CATEGORIES[i % len(CATEGORIES)],
                "",
                (expires - timedelta(days=1095)).isoformat(),
                expires.isoformat(),
                status,
                "Wayne County, MI" if i % 3 else "",
            ]
        )
    return out.getvalue().encode()


def figures(total: int = ROWS) -> list[Figure]:
    setup_django()
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from dyad.associations.models import Association
    from dyad.credentials.models import Endorsement
    from dyad.imports import services

    today = timezone.localdate()
    association = Association.objects.create(
        slug="bench-imports", name="Bench Imports", contact_email="bench@example.org"
    )
    other = Association.objects.create(
        slug="bench-bare", name="Bench Bare", contact_email="bench@example.org"
    )
    data = endorsees_csv(total, today)

    started = time.perf_counter()
    with scopes_disabled():
        Endorsement.objects.bulk_create(
            [
                Endorsement(
                    association=other,
                    holder_name=f"Holder {i:05d}",
                    category=CATEGORIES[i % len(CATEGORIES)],
                    number=f"BARE-{i:06d}",
                    granted=today - timedelta(days=1000),
                    expires=today + timedelta(days=100),
                )
                for i in range(total)
            ],
            batch_size=2000,
        )
    bare = time.perf_counter() - started

    started, cpu = time.perf_counter(), time.process_time()
    imp = services.start_import(
        association=association,
        actor=None,
        kind="endorsees",
        file_name="bench.csv",
        data=data,
        worker=False,
    )
    checked = time.perf_counter() - started
    if imp.state != "previewed":
        raise RuntimeError(f"the bench file did not pass its dry run: {imp.report['errors'][:3]}")
    imp = services.confirm_import(imp=imp, actor=None, worker=False)
    took = time.perf_counter() - started
    cpu = time.process_time() - cpu
    if imp.state != "done" or imp.counts["created"] != total:
        raise RuntimeError(f"the bench import did not finish: {imp.state} {imp.message}")
    return [
        Figure(
            f"import {total:,} endorsees (dry run + confirm), CPU seconds",
            f"{total / cpu:,.0f} rows/s of CPU; wall clock {duration(took)} (dry run "
            f"{duration(checked)}), {total / took:,.0f} rows/s",
            cpu,
            "s",
            TARGETS["endorsees_50k_seconds"],
        ),
        Figure(
            f"import {total:,} endorsees in bare inserts of them",
            f"bare bulk_create {duration(bare)} ({total / bare:,.0f} rows/s)",
            took / bare,
            "bare inserts",
            TARGETS["endorsees_in_bare_inserts"],
        ),
    ]


def main() -> int:
    results = figures(int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[1] == "--rows" else ROWS)
    if "--json" in sys.argv:
        print(json.dumps([asdict(f) for f in results]))
        return 0
    print(table(results))
    return verdict(results)


if __name__ == "__main__":
    sys.exit(main())
