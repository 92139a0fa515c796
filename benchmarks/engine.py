"""Engine throughput: assessments per second on one core (`make bench`).

Target (issue: the eligibility engine): at least 10,000 assessments per second of the realistic
portfolio, and cost growing linearly with the portfolio's size.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from dyad.standards import evaluate, plan
from dyad.standards.portfolio_file import portfolio_from_document

AS_OF = date(2026, 6, 30)


def build(trainings: int, jobs: int, sessions: int, providers: int) -> dict:
    rnd = random.Random(7)
    day = lambda back: (AS_OF - timedelta(days=back)).isoformat()  # noqa: E731
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


def rate(portfolio, category: str = "IMHS", seconds: float = 2.0) -> float:
    evaluate(portfolio, category, AS_OF)  # warm the requirement-set cache
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(50):
            evaluate(portfolio, category, AS_OF)
        count += 50
    return count / elapsed


def main() -> None:
    realistic = portfolio_from_document(build(20, 4, 100, 3))
    large = portfolio_from_document(build(500, 4, 2000, 3))
    r = rate(realistic)
    big = rate(large)
    size_ratio = (500 + 2000) / (20 + 100)
    verdict = "met" if r >= 10_000 else "NOT met"
    print(f"realistic (20 training, 4 jobs, 100 RS/C, 3 providers): {r:,.0f} IMHS assessments/s")
    print(f"large (500 training, 4 jobs, 2,000 RS/C, 3 providers):  {big:,.0f} IMHS assessments/s")
    print(f"target 10,000/s on the realistic one: {verdict} ({r / 10_000:.2f}x)")
    growth = "at most linear" if r / big <= size_ratio * 1.1 else "FASTER than linear"
    print(f"entries ratio {size_ratio:.1f}x, cost ratio {r / big:.1f}x: cost grows {growth}")
    for code in ("IFA", "IFS", "IFRS", "IMHM-C", "IMHM-P"):
        print(f"  {code:<7} {rate(realistic, code, 0.5):,.0f} assessments/s")
    start = time.perf_counter()
    plan(realistic, AS_OF)
    print(f"plan (13 categories, with projections): {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    document = build(20, 4, 100, 3)
    for _ in range(200):
        portfolio_from_document(document)
    print(f"portfolio validation: {200 / (time.perf_counter() - start):,.0f} files/s (realistic)")


if __name__ == "__main__":
    main()
