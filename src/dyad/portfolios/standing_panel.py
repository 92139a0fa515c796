"""The compact "Where you stand" panel of the entry pages: after a save, the person sees, for
each category of their standard, its status and the engine's numbers for the requirement the page
is about ("Specialized training: 30 of 30 hours"), with a link to the full picture on /portfolio/.

Nothing here decides anything: the numbers and sentences are the engine's (through
`home_views.standing`), so the panel and the portfolio's home page always agree.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from dyad.standards import codes

from . import standing as standings
from .home_views import standing
from .selectors import portfolio_facts

#: the requirement each page is about: page (an entry kind, agreements, membership) -> rule
RULE_OF_PAGE = {
    "training": "training",
    "work": "work",
    "rsc_session": "rsc_received",
    "provider": "rsc_received",
    "education": "education",
    "agreements": "agreements",
    "membership": "membership",
}


def current_standing(user, today: date) -> list[dict]:
    """The person's standing for every standard: the home page's cached one (`standing.py`),
    or, for an empty portfolio (which has no sections there), computed now (cheap)."""
    cached = standings.current_standing(user, today)
    if cached.sections:
        return list(cached.sections)
    return standing(portfolio_facts(user), today)


def primary_section(sections: list[dict]) -> dict:
    """The standard the person is working toward: the first (IMH-E) unless only the other one
    has a category met."""
    by_standard = {s["standard"]: s for s in sections}
    first = by_standard[codes.STANDARDS[0]]
    if first["highest"] is None:
        for section in sections:
            if section["highest"] is not None:
                return section
    return first


def where_you_stand(user, page: str) -> dict:
    """What the panel shows on `page`: each category of the primary standard with its status,
    then the finding of the page's requirement, categories with the same finding on one line
    (most categories of a standard ask the same hours)."""
    section = primary_section(current_standing(user, timezone.localdate()))
    rule = RULE_OF_PAGE[page]
    lines: dict[tuple[str, str], dict] = {}
    for category in section["categories"]:
        finding = next((f for f in category.assessment.findings if f.rule == rule), None)
        if finding is None:
            continue
        line = lines.setdefault(
            (finding.status, finding.message), {"finding": finding, "categories": []}
        )
        line["categories"].append(category.assessment.category)
    return {
        "standard": section["standard"],
        "rule": rule,
        "categories": section["categories"],
        "lines": list(lines.values()),
    }
