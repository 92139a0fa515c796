"""The public registry and the verification page at 100,000 endorsements, on PostgreSQL.

Trigram search is PostgreSQL's, so this half of the bench needs a PostgreSQL server: the database
named by DYAD_BENCH_REGISTRY_DATABASE_URL (default below), created fresh for the run with Django's
test-database machinery (a `test_` prefix) and dropped at the end. Without a server it says so
and measures nothing.

`dyad seed_registry` loads the endorsements (its time is printed, for the issue's "under two
minutes"). Each request of a fixed set of searches is timed on the wall clock (the database works
in another process, which process time would not see), interleaved with `/definitions/`, a page
that reads no rows, on the same server in the same run; the figures are the p50 and p95 of each
and their ratios. Connections persist between requests, as a production server keeps them.

Run alone with `python benchmarks/registry.py [N]`; `make bench` runs it after the pages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from measure import Figure, duration
from targets import REGISTRY as TARGETS

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dyad_bench_registry"
ENDORSEMENTS = 100_000
KEEP = os.environ.get("DYAD_BENCH_REGISTRY_KEEP") == "1"  # keep the database (to EXPLAIN)
# Each search this many times, interleaved with the reference.
ROUNDS = int(os.environ.get("DYAD_BENCH_REGISTRY_ROUNDS", "15"))


def setup_django(url: str) -> bool:
    """Django on a fresh PostgreSQL database; False when there is no server to use."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "dyad.settings"
    os.environ["DATABASE_URL"] = url
    os.environ["DATABASE_CONN_MAX_AGE"] = "600"
    os.environ["DEBUG"] = "0"
    for name in ("DYAD_PRODUCTION", "REDIS_URL"):
        os.environ.pop(name, None)
    import django

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.utils import OperationalError

    settings.ROOT_URLCONF = "bare_urls"
    try:  # the server, not the database: the run creates its own
        with connection._nodb_cursor():
            pass
    except OperationalError:
        return False
    with contextlib.redirect_stdout(io.StringIO()):
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return True


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def searches() -> dict[str, dict[str, str]]:
    """The fixed set of registry requests, with the cursors of pages further on."""
    from django_scopes import scopes_disabled

    from dyad.credentials.selectors import RegistrySearch, cursor, registry, registry_rows

    first = registry(RegistrySearch())
    with scopes_disabled():
        deep = registry_rows(RegistrySearch()).order_by("search_key", "pk")[50_000]
    return {
        "first page": {},
        "page 2": {"after": first.after},
        "a page half way (after 50,000)": {"after": cursor(deep)},
        "previous page": {"before": first.after},
        "name: garcia": {"q": "garcia"},
        "name: jose maria": {"q": "jose maria"},
        "part of a name: ngu": {"q": "ngu"},
        "accent typed: søren": {"q": "søren"},
        "name with a county: martinez, cook": {"q": "martinez", "county": "cook"},
        "short part: le": {"q": "le"},
        "nobody: zzyzx": {"q": "zzyzx"},
        "number: SEED-00012345": {"q": "SEED-00012345"},
        "category: IFS": {"category": "IFS"},
        "county: wayne": {"county": "wayne"},
        "association and category": {"association": "seed-prairie", "category": "IMHS"},
    }


def timed(request: Callable[[], object]) -> float:
    started = time.perf_counter()
    request()
    return time.perf_counter() - started


def getter(client, path: str, params: dict | None = None) -> Callable[[], object]:
    def request() -> object:
        response = client.get(path, params or {})
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} {params or ''}: {response.status_code}")
        return response

    return request


def verification_number() -> str:
    from django_scopes import scopes_disabled

    from dyad.credentials.models import Endorsement

    with scopes_disabled():
        return Endorsement.objects.current().order_by("pk").values_list("number", flat=True)[0]


def figures(total: int = ENDORSEMENTS) -> list[Figure]:
    url = os.environ.get("DYAD_BENCH_REGISTRY_DATABASE_URL", DEFAULT_URL)
    if not setup_django(url):
        print(f"Registry at scale: skipped, no PostgreSQL at {url}")
        return []
    from django.db import connection
    from django.test import Client

    from dyad.credentials.seeding import seed_registry

    started = time.perf_counter()
    seeded = seed_registry(total)
    seeding = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # a table in use is vacuumed; index-only scans need it
    print(
        f"seed_registry {seeded.endorsements:,}: {seeding:.1f} s "
        f"({seeded.events:,} events, {seeded.people:,} accounts; target under 120 s)"
    )
    try:
        return _measure(Client(), total)
    finally:
        if not KEEP:
            connection.creation.destroy_test_db(
                connection.settings_dict["NAME"].removeprefix("test_"), verbosity=0
            )


def _measure(client, total: int) -> list[Figure]:
    reference = getter(client, "/definitions/")
    pages = {name: getter(client, "/registry/", params) for name, params in searches().items()}
    number = verification_number()
    verify_path = f"/verify/{number}"
    verify_available = client.get(verify_path).status_code == 200
    for _ in range(5):  # templates, catalogues, connections, the database's caches
        reference()
        for page in pages.values():
            page()
    references, registry_times, verify_times = [], [], []
    each: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(ROUNDS):
        for name, page in pages.items():
            references.append(timed(reference))
            seconds = timed(page)
            registry_times.append(seconds)
            each[name].append(seconds)
        if verify_available:
            references.append(timed(reference))
            verify_times.append(timed(getter(client, verify_path)))
    ref50, ref95 = percentile(references, 0.5), percentile(references, 0.95)
    reg50, reg95 = percentile(registry_times, 0.5), percentile(registry_times, 0.95)
    at = f"{total:,} endorsements"
    print("registry searches, p50 and p95 of each:")
    for name, times in each.items():
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        print(f"  {name:<40} {duration(p50):>10} {duration(p95):>10}")
    worst = max(each, key=lambda name: percentile(each[name], 0.5))
    results = [
        Figure(
            f"GET /registry/ p95, {len(pages)} searches at {at}",
            f"p50 {duration(reg50)}, p95 {duration(reg95)}; slowest p50: {worst}",
            reg95 * 1000,
            "ms",
            TARGETS["registry_p95_ms"],
        ),
        Figure(
            "GET /registry/ p95 in /definitions/ p95",
            f"/definitions/ p50 {duration(ref50)}, p95 {duration(ref95)}; "
            f"p50 ratio {reg50 / ref50:.1f}x",
            reg95 / ref95,
            "x",
            TARGETS["registry_in_definitions"],
        ),
    ]
    if verify_available:
        v50, v95 = percentile(verify_times, 0.5), percentile(verify_times, 0.95)
        results.append(
            Figure(
                f"GET /verify/<number> p95 in /definitions/ p95, at {at}",
                f"p50 {duration(v50)}, p95 {duration(v95)}; p50 ratio {v50 / ref50:.1f}x",
                v95 / ref95,
                "x",
                TARGETS["verify_in_definitions"],
            )
        )
    else:
        results.append(
            Figure(
                "GET /verify/<number> p95 in /definitions/ p95",
                f"not available: {verify_path} is not a page of this build",
                float("inf"),
                "x",
                TARGETS["verify_in_definitions"],
            )
        )
    return results


def figures_in_a_process() -> list[Figure]:
    """`figures()` in a fresh process: its Django runs on PostgreSQL, while `make bench` has
    already set one up on SQLite for the pages. What it prints passes through."""
    command = [sys.executable, __file__, "--json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith("["):
        print(done.stdout, done.stderr[-2000:], sep="\n")
        return [Figure("registry bench", "failed (see above)", float("inf"), "x", 0)]
    print("\n".join(lines[:-1]))
    return [Figure(**row) for row in json.loads(lines[-1])]


if __name__ == "__main__":
    from measure import table, verdict

    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    results = figures(int(numbers[0]) if numbers else ENDORSEMENTS)
    if "--json" in sys.argv:
        print(json.dumps([dataclasses.asdict(f) for f in results]))
        sys.exit(0)
    if results:
        print(table(results))
    sys.exit(verdict(results) if results else 0)
