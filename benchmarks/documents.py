"""Portfolio files (dyad-portfolio/1 documents) for the benchmarks, built as JSON, never as facts,
so they stay valid while the engine's internals change."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

AS_OF = date(2026, 6, 30)
REALISTIC = {"trainings": 20, "jobs": 4, "sessions": 100, "providers": 3}
LARGE = {"trainings": 500, "jobs": 4, "sessions": 2000, "providers": 3}
BAD_FILE_BYTES = 5_000_000  # "5 MB": under the reader's 5 MiB limit, so the reader really runs


def build(trainings: int, jobs: int, sessions: int, providers: int) -> dict[str, Any]:
    """A complete IMHS-style portfolio with the given numbers of entries (seeded, repeatable)."""
    rnd = random.Random(7)

    def day(back: int) -> str:
        return (AS_OF - timedelta(days=back)).isoformat()

    return {
        "format": "dyad-portfolio/1",
        "person": {"name": "Bench Mark"},
        "education": [
            {"level": "bachelor", "completed": "2008-05-15", "related_field": True},
            {"level": "master", "completed": "2012-05-15", "related_field": True},
        ],
        "training": [
            {
                "title": f"T{i}",
                "date": day(rnd.randint(0, 3000)),
                "minutes": rnd.randint(60, 480),
                "imh_specific": rnd.random() < 0.8,
            }
            for i in range(trainings)
        ],
        "work": [
            {
                "id": f"w{i}",
                "start": day(4000 - i * 700),
                "end": None if i == jobs - 1 else day(3300 - i * 700),
                "hours_per_week": 40 if i % 2 else 20,
                "paid": True,
                "kind": ["intervention", "prevention", "rsc_provision", "intervention"][i % 4],
                "participants": "child_and_caregiver",
                "population": {"prenatal": False, "min_months": 0, "max_months": 36},
                "services": ["advocacy"],
                "relationship_focused": True,
                "addresses_attachment_loss": True,
            }
            for i in range(jobs)
        ],
        "rsc_providers": [
            {
                "id": f"p{i}",
                "name": f"P{i}",
                "degree": "master",
                "endorsements": [{"category": "IMHM-C", "from": "2010-01-01", "to": None}],
            }
            for i in range(providers)
        ],
        "rsc": [
            {
                "date": day(rnd.randint(0, 1500)),
                "minutes": 60,
                "format": "individual",
                "provider": f"p{rnd.randrange(providers)}",
            }
            for _ in range(sessions)
        ],
        "references": [
            {"role": r, "status": "rated"} for r in ("rsc_provider", "supervisor", "colleague")
        ],
        "exams": [{"category": "IMHS", "date": "2025-01-01", "result": "pass"}],
        "agreements": {"code_of_ethics": "2026-01-01", "endorsement_agreement": "2026-01-01"},
        "membership": {"expires": "2027-01-01"},
    }


def encode(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()


def plain_pass(document: dict[str, Any]) -> tuple[str, float]:
    """The reference for the engine: one loop touching every dated entry's date and amount once
    (education, training, work, RS/C, exams), no engine. Returns the latest date and the sum."""
    latest, total = "", 0.0
    for entry in document["education"]:
        latest = max(latest, entry["completed"])
    for entry in document["training"]:
        latest = max(latest, entry["date"])
        total += entry["minutes"]
    for entry in document["work"]:
        latest = max(latest, entry["start"])
        total += entry["hours_per_week"]
    for entry in document["rsc"]:
        latest = max(latest, entry["date"])
        total += entry["minutes"]
    for entry in document["exams"]:
        latest = max(latest, entry["date"])
    return latest, total


def bad_file(size: int = BAD_FILE_BYTES) -> bytes:
    """A file of about `size` bytes that must be refused: a realistic portfolio whose training
    list is padded with small entries of five unknown fields each (the shape that cost the public
    page 24 s of CPU and ~950 MB, and answered with every one of its problems)."""
    document = build(**REALISTIC)
    entry = {"a": 0, "b": 0, "c": 0, "d": 0, "e": 0}
    per_entry = len(json.dumps(entry)) + 2  # ", " between entries
    spare = size - len(encode(document))
    document["training"] = document["training"] + [entry] * max(1, spare // per_entry)
    data = encode(document)
    while len(data) > size:
        document["training"].pop()
        data = encode(document)
    return data


def largest_valid(accepts: Callable[[bytes], bool], max_bytes: int) -> tuple[dict[str, int], bytes]:
    """The largest portfolio of the benchmark's shape that is at most `max_bytes` and that
    `accepts` takes: as many RS/C sessions as it allows, then as many training entries.

    The reader's list limits are its own business; this finds each by doubling, then halving the
    gap to within a thirty-second, so the bench keeps measuring about the largest file the page
    really assesses, whatever the limits become.
    """
    sizes = dict(REALISTIC)
    found = b""

    def fits(key: str, count: int) -> bool:
        nonlocal found
        data = encode(build(**{**sizes, key: count}))
        if len(data) <= max_bytes and accepts(data):
            found = data
            return True
        return False

    for key in ("sessions", "trainings"):
        good, bad = 0, max(1, sizes[key])
        while fits(key, bad):
            good, bad = bad, bad * 2
        while bad - good > max(1, good // 32):
            middle = (good + bad) // 2
            if fits(key, middle):
                good = middle
            else:
                bad = middle
        if not good:
            raise RuntimeError(f"no portfolio of the bench's shape with any {key} is accepted")
        sizes[key] = good
    if not fits("sessions", sizes["sessions"]):  # `found` is the last accepted, make it the best
        raise RuntimeError("the largest accepted sizes are not accepted together")
    return sizes, found
