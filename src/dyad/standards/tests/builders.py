"""Small builders for portfolio documents (dyad-portfolio/1) used across the engine tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from dyad.standards import evaluate
from dyad.standards.findings import Assessment
from dyad.standards.portfolio_file import portfolio_from_document

AS_OF = date(2026, 6, 30)


def doc(**sections: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"format": "dyad-portfolio/1", "person": {"name": "Test Person"}}
    d.update(sections)
    return d


def degree(level: str = "master", completed: str = "2015-05-15", related: bool = True, **kw):
    return {"level": level, "completed": completed, "related_field": related, **kw}


def training(minutes: int = 1800, on: str = "2025-01-10", specific: bool = True, **kw):
    return {"title": "Course", "date": on, "minutes": minutes, "imh_specific": specific, **kw}


def job(
    ident: str = "w1",
    start: str = "2016-01-01",
    end: str | None = None,
    hours: float = 40,
    kind: str = "intervention",
    participants: str = "child_and_caregiver",
    min_months: int = 0,
    max_months: int = 36,
    prenatal: bool = False,
    paid: bool = True,
    practice: bool = True,
    **kw: Any,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": ident,
        "start": start,
        "end": end,
        "hours_per_week": hours,
        "paid": paid,
        "kind": kind,
        "participants": participants,
        "population": {"prenatal": prenatal, "min_months": min_months, "max_months": max_months},
    }
    if practice:
        entry.update(
            services=["relationship_based_therapy"],
            relationship_focused=True,
            addresses_attachment_loss=True,
        )
    entry.update(kw)
    return entry


def provider(
    ident: str = "p1",
    category: str = "IMHM-C",
    start: str = "2010-01-01",
    end: str | None = None,
    degree_level: str = "master",
) -> dict[str, Any]:
    return {
        "id": ident,
        "name": f"Provider {ident}",
        "degree": degree_level,
        "endorsements": [{"category": category, "from": start, "to": end}],
    }


def sessions(count: int, start: date, provider_id: str = "p1", minutes: int = 60, step: int = 7):
    from datetime import timedelta

    return [
        {
            "date": (start + timedelta(days=i * step)).isoformat(),
            "minutes": minutes,
            "format": "individual",
            "provider": provider_id,
        }
        for i in range(count)
    ]


def refs(*roles: str, status: str = "rated") -> list[dict[str, Any]]:
    return [{"role": r, "status": status, "date": "2026-01-15"} for r in roles]


def signed(on: str = "2026-01-05") -> dict[str, str]:
    return {"code_of_ethics": on, "endorsement_agreement": on}


def complete_imhs(**overrides: Any) -> dict[str, Any]:
    """A portfolio that meets every IMHS requirement on AS_OF (2026-06-30)."""
    base = doc(
        education=[degree()],
        training=[training(1800)],
        work=[job()],
        rsc_providers=[provider()],
        rsc=sessions(50, date(2025, 1, 6)),
        references=refs("rsc_provider", "supervisor", "colleague"),
        exams=[{"category": "IMHS", "date": "2025-11-01", "result": "pass"}],
        agreements=signed(),
        membership={"expires": "2026-12-31"},
    )
    base.update(overrides)
    return base


def assess(
    document: dict[str, Any], category: str, as_of: date = AS_OF, renewal: bool = False
) -> Assessment:
    return evaluate(portfolio_from_document(document), category, as_of, renewal=renewal)


def finding(document: dict[str, Any], category: str, rule: str, as_of: date = AS_OF, **kw: Any):
    return assess(document, category, as_of, **kw).finding(rule)
