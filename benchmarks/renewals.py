"""The renewal sweep at 100,000 endorsements, on PostgreSQL (issue 17: under 60 s).

Like benchmarks/registry.py, this half needs a PostgreSQL server: the database named by
DYAD_BENCH_RENEWALS_DATABASE_URL (default below), created fresh with Django's test-database
machinery (a `test_` prefix) and dropped at the end. Without a server it says so and measures
nothing.

The seed: five associations, 100,000 endorsements with an account each (so every reminder is a
real email in the outbox), dates as an annual credential has them: the active ones expire at
any day from 120 days ago to a year ahead (so some are due, some in grace, some past it), 5%
lapsed long ago and 3% revoked. Then, on the wall clock (the database works in another process):

- the first sweep: a fresh install's catch-up, every step due at once (each endorsement in a
  reminder window gets its latest step, every one in grace enters it, those past it lapse);
- the next day's sweep (a normal night) and a second run of that day (nothing to do);
- the reference: one plain `UPDATE ... SET status = status` of the same 100,000 rows, in the
  same run, so the ratio means the same on a faster or a busier machine.

Run alone with `python benchmarks/renewals.py [N]`; `make bench` runs it after the registry.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import random
import subprocess
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from measure import Figure, duration
from targets import RENEWALS as TARGETS

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dyad_bench_renewals"
ENDORSEMENTS = 100_000
KEEP = os.environ.get("DYAD_BENCH_RENEWALS_KEEP") == "1"  # keep the database (to EXPLAIN)
ASSOCIATIONS = 5
BATCH = 5000


def setup_django(url: str) -> bool:
    """Django on a fresh PostgreSQL database; False when there is no server to use."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "dyad.settings"
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    # The outbox is what is measured; delivery is the worker's, later, and is not.
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    for name in ("DYAD_PRODUCTION", "REDIS_URL"):
        os.environ.pop(name, None)
    import django

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        with connection._nodb_cursor():
            pass
    except OperationalError:
        return False
    with contextlib.redirect_stdout(io.StringIO()):
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return True


def seed(total: int, rng: random.Random) -> dict[str, int]:
    """The associations, the people and their endorsements, in bulk (not timed)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from dyad.accounts.models import User
    from dyad.associations.models import Association
    from dyad.credentials.models import Endorsement, grace_days
    from dyad.standards.codes import CATEGORIES

    today = timezone.localdate()
    grace = grace_days()
    password = make_password(None)
    cases = {"active": 0, "lapsed": 0, "revoked": 0}
    with scopes_disabled():
        associations = [
            Association.objects.create(
                slug=f"bench-{n}",
                name=f"Bench association {n}",
                contact_email=f"office@bench-{n}.example.org",
                standards=["IMH-E"],
            )
            for n in range(ASSOCIATIONS)
        ]
        for start in range(0, total, BATCH):
            size = min(BATCH, total - start)
            with transaction.atomic():
                people = User.objects.bulk_create(
                    [
                        User(
                            email=f"bench-{start + i:07d}@example.org",
                            display_name=f"Person {start + i}",
                            password=password,
                            language=rng.choice(["", "en", "es"]),
                        )
                        for i in range(size)
                    ]
                )
                rows = []
                for i, person in enumerate(people):
                    category = rng.choice(CATEGORIES)
                    roll = rng.random()
                    if roll < 0.05:
                        status = "lapsed"
                        expires = today - timedelta(days=grace[category] + rng.randint(1, 700))
                    elif roll < 0.08:
                        status = "revoked"
                        expires = today + timedelta(days=rng.randint(-120, 365))
                    else:
                        status = "active"
                        expires = today + timedelta(days=rng.randint(-120, 365))
                    cases[status] += 1
                    rows.append(
                        Endorsement(
                            association=rng.choice(associations),
                            holder=person,
                            holder_name=person.display_name,
                            category=category,
                            number=f"BENCH-{start + i:08d}",
                            granted=expires - timedelta(days=rng.choice([365, 730, 1095])),
                            expires=expires,
                            status=status,
                            revoked_on=today if status == "revoked" else None,
                            revocation_reason="bench" if status == "revoked" else "",
                        )
                    )
                Endorsement.objects.bulk_create(rows)
    return cases


#: this process's CPU time of each timed sweep (the rest is the database's, or waiting)
CPU: list[float] = []


def wall(function) -> tuple[float, object]:
    started, cpu = time.perf_counter(), time.process_time()
    result = function()
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - started, result


def plain_update() -> float:
    """The reference: one UPDATE that rewrites the same 100,000 rows, committed."""
    from django.db import connection, transaction

    from dyad.credentials.models import Endorsement

    table = Endorsement._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(f"UPDATE {table} SET status = status")
        took = time.perf_counter() - started
    return took


def figures(total: int = ENDORSEMENTS) -> list[Figure]:
    url = os.environ.get("DYAD_BENCH_RENEWALS_DATABASE_URL", DEFAULT_URL)
    if not setup_django(url):
        print(f"Renewal sweep at scale: skipped, no PostgreSQL at {url}")
        return []
    from django.db import connection

    started = time.perf_counter()
    cases = seed(total, random.Random(17))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    kinds = ", ".join(f"{k} {v:,}" for k, v in cases.items())
    took = time.perf_counter() - started
    print(f"seeded {total:,} endorsements with their accounts in {took:.1f} s ({kinds})")
    try:
        return _measure(total)
    finally:
        if not KEEP:
            connection.creation.destroy_test_db(
                connection.settings_dict["NAME"].removeprefix("test_"), verbosity=0
            )


def _measure(total: int) -> list[Figure]:
    from django.db import connection
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from dyad.core.models import OutboundEmail
    from dyad.renewals.sweep import sweep

    today = timezone.localdate()
    references = [plain_update()]
    first_s, first = wall(lambda: sweep(today))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after a change this size
    references.append(plain_update())
    next_s, following = wall(lambda: sweep(today + timedelta(days=1)))
    again_s, again = wall(lambda: sweep(today + timedelta(days=1)))
    references.append(plain_update())
    with scopes_disabled():
        emails = OutboundEmail.objects.count()
    reference = sorted(references)[1]
    at = f"{total:,} endorsements"
    print(f"plain UPDATE of the same {total:,} rows: {', '.join(duration(r) for r in references)}")
    print(
        f"first sweep ({first.total:,} transitions, {emails:,} emails in all): "
        f"{duration(first_s)}, of which {duration(CPU[0])} in Python"
    )
    for line in first.lines():
        print(f"  {line}")
    print(f"next day: {following.total:,} transitions in {duration(next_s)}; ", end="")
    print(f"the same day again: {again.total} in {duration(again_s)}")
    return [
        Figure(
            f"first sweep (every step due at once) at {at}",
            f"{first.total:,} transitions in {duration(first_s)}",
            first_s,
            "s",
            TARGETS["first_sweep_s"],
        ),
        Figure(
            "first sweep in plain UPDATEs of the same rows",
            f"UPDATE {duration(reference)} (median of 3)",
            first_s / reference,
            "x",
            TARGETS["first_sweep_in_update"],
        ),
        Figure(
            "next day's sweep in plain UPDATEs of the same rows",
            f"{following.total:,} transitions in {duration(next_s)}",
            next_s / reference,
            "x",
            TARGETS["next_day_in_update"],
        ),
        Figure(
            "the same day again (idempotent) in plain UPDATEs",
            f"{again.total} transitions in {duration(again_s)}",
            again_s / reference,
            "x",
            TARGETS["same_day_again_in_update"],
        ),
    ]


def figures_in_a_process() -> list[Figure]:
    """`figures()` in a fresh process (its Django runs on PostgreSQL)."""
    command = [sys.executable, __file__, "--json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith("["):
        print(done.stdout, done.stderr[-2000:], sep="\n")
        return [Figure("renewal sweep bench", "failed (see above)", float("inf"), "x", 0)]
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
