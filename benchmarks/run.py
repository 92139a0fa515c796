"""`make bench`: every figure as a ratio to a reference measured in the same run, with its target.

The engine is measured in plain passes over the same portfolio's entries, the pages in bare pages
(a view returning "ok", behind the same middleware) of the same server, memory in megabytes.
Exits 1 when any figure is over its target, so the bench can gate a change; the absolute figures
are printed for information only (they vary with load).
"""

from __future__ import annotations

import os
import platform
import sys
import time

import engine
import pages
import uploads
from measure import table, verdict


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
    print(f"\n{time.perf_counter() - started:.0f} s, {load()} at the end")
    return verdict(results + page_results + upload_results)


if __name__ == "__main__":
    sys.exit(main())
