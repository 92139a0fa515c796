"""The API at 100,000 endorsements, on PostgreSQL: the verification endpoint's throughput and
the registry search endpoint's p95, each as a ratio to the API's bare endpoint (`GET /api/v1/`,
which reads no rows: the same middleware, django-ninja and rate-limit counter) in the same run.

The database is made as `benchmarks/registry.py` makes it (`dyad seed_registry`, a fresh
`test_` database dropped at the end; skipped without a server). Throughput: a batch of
verifications of numbers spread over the registry, and a batch of bare requests, interleaved,
on the wall clock (the database works in another process); the figure is how many bare requests
one verification costs. The registry: the fixed searches of registry.py (cursor pages included),
each interleaved with a bare request; the figure is p95 over p95.

Run alone with `python benchmarks/api.py [N]`; `make bench` runs it after the registry.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time

import registry as registry_bench
from measure import Figure, duration
from targets import API as TARGETS

ROUNDS = int(os.environ.get("DYAD_BENCH_API_ROUNDS", "12"))
BATCH = int(os.environ.get("DYAD_BENCH_API_BATCH", "50"))


def _get(client, path: str, params: dict | None = None):
    def request():
        response = client.get(path, params or {})
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} {params or ''}: {response.status_code}")
        return response

    return request


def figures(total: int = registry_bench.ENDORSEMENTS) -> list[Figure]:
    url = os.environ.get("DYAD_BENCH_REGISTRY_DATABASE_URL", registry_bench.DEFAULT_URL)
    if not registry_bench.setup_django(url.replace("registry", "api")):
        print(f"API at scale: skipped, no PostgreSQL at {url}")
        return []
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client

    from dyad.credentials.seeding import seed_registry

    # The rate limit's counter in memory, as Redis keeps it in production (an atomic increment):
    # the database cache's locked read and write would be most of every request's time (about
    # 80 ms on SQLite), the same for the bare endpoint and the measured ones.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    caches.__dict__.pop("settings", None)
    caches.__init__()  # forget the connections made with the settings before
    # The bench measures cost, not the limit: every request still counts against it.
    settings.DYAD_RATE_LIMITS = {
        **settings.DYAD_RATE_LIMITS,
        "api_public": {"address": "100000000/h", "account": "100000000/h"},
    }
    seeded = seed_registry(total)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"seeded {seeded.endorsements:,} endorsements")
    try:
        return _measure(Client(), total)
    finally:
        if not registry_bench.KEEP:
            connection.creation.destroy_test_db(
                connection.settings_dict["NAME"].removeprefix("test_"), verbosity=0
            )


def _numbers(count: int) -> list[str]:
    from django_scopes import scopes_disabled

    from dyad.credentials.models import Endorsement

    with scopes_disabled():
        every = Endorsement.objects.count() // count or 1
        return list(
            Endorsement.objects.order_by("pk").values_list("number", flat=True)[::every][:count]
        )


def _api_searches() -> dict[str, dict[str, str]]:
    """registry.py's searches as the API's parameters (the API pages forward only)."""
    result = {}
    for name, params in registry_bench.searches().items():
        if "before" in params:
            continue
        params = dict(params)
        if "after" in params:
            params["cursor"] = params.pop("after")
        result[name] = params
    return result


def _measure(client, total: int) -> list[Figure]:
    bare = _get(client, "/api/v1/")
    numbers = _numbers(BATCH)
    verifications = [_get(client, f"/api/v1/verify/{n}") for n in numbers]
    searches = {name: _get(client, "/api/v1/registry", p) for name, p in _api_searches().items()}
    for _ in range(3):  # connections, catalogues, the database's caches
        bare()
        for request in verifications[:10] + list(searches.values()):
            request()
    bare_batches, verify_batches = [], []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(BATCH):
            bare()
        bare_batches.append(time.perf_counter() - started)
        started = time.perf_counter()
        for request in verifications:
            request()
        verify_batches.append(time.perf_counter() - started)
    bare_rps = BATCH / sorted(bare_batches)[len(bare_batches) // 2]
    verify_rps = BATCH / sorted(verify_batches)[len(verify_batches) // 2]
    bares, times = [], []
    for _ in range(ROUNDS):
        for request in searches.values():
            bares.append(registry_bench.timed(bare))
            times.append(registry_bench.timed(request))
    p = registry_bench.percentile
    at = f"{total:,} endorsements"
    return [
        Figure(
            f"GET /api/v1/verify/<number> throughput, in bare requests, at {at}",
            f"{verify_rps:,.0f} verifications/s, bare GET /api/v1/ {bare_rps:,.0f}/s",
            bare_rps / verify_rps,
            "x",
            TARGETS["verify_in_bare"],
        ),
        Figure(
            f"GET /api/v1/registry p95 in bare p95, {len(searches)} searches at {at}",
            f"p50 {duration(p(times, 0.5))}, p95 {duration(p(times, 0.95))}; "
            f"bare p95 {duration(p(bares, 0.95))}",
            p(times, 0.95) / p(bares, 0.95),
            "x",
            TARGETS["registry_in_bare"],
        ),
    ]


def figures_in_a_process() -> list[Figure]:
    """`figures()` in a fresh process (its Django runs on PostgreSQL)."""
    command = [sys.executable, __file__, "--json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith("["):
        print(done.stdout, done.stderr[-2000:], sep="\n")
        return [Figure("API bench", "failed (see above)", float("inf"), "x", 0)]
    print("\n".join(lines[:-1]))
    return [Figure(**row) for row in json.loads(lines[-1])]


if __name__ == "__main__":
    from measure import table, verdict

    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    results = figures(int(numbers[0]) if numbers else registry_bench.ENDORSEMENTS)
    if "--json" in sys.argv:
        print(json.dumps([dataclasses.asdict(f) for f in results]))
        sys.exit(0)
    if results:
        print(table(results))
    sys.exit(verdict(results) if results else 0)
