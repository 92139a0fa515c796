"""The portfolio's home page, `/portfolio/`: where the signed-in person stands, category by
category.

What it shows is `current_standing(user)` (`standing.py`: the engine's plan for every category,
each recent work entry's IMH practice criteria, training hours per area), cached per version of
the portfolio. The page's body is kept in the same cache beside it, per standard chosen, so an
unchanged portfolio costs a few queries and no engine or template work at all.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from dyad.standards import codes
from dyad.standards.facts import Portfolio

from . import standing as standings
from .standing import (  # noqa: F401 (APPLICATION_RULES, FORMS, MEANINGS: read by other modules)
    APPLICATION_RULES,
    FORMS,
    MEANINGS,
    PRACTICE_SHOWN,
    is_empty,
    links,
    standing_fragment,
)


def standing(
    portfolio: Portfolio, today: date, standards: tuple[str, ...] = codes.STANDARDS
) -> list[dict]:
    """For each standard: its categories, the highest met and the nearest to reach, computed
    now from `portfolio` (uncached; pages call `standing.current_standing(user)`)."""
    return standings.sections(portfolio, today, standards)


@require_GET
@login_required
def home(request):
    """Every category of both standards (or the one chosen) with its status and numbers, what
    to do next and where, the recent work entries' IMH practice criteria, training hours per
    area. Only ever the signed-in person's own portfolio: there is no id in the address."""
    today = timezone.localdate()
    chosen = request.GET.get("standard")
    if chosen not in codes.STANDARDS:
        chosen = None
    body = standing_fragment(
        request.user, f"home:{chosen or 'both'}", lambda current: _body(current, chosen), today
    )
    return render(request, "portfolios/home.html", {"today": today, "body": body})


def _body(current: standings.Standing, chosen: str | None) -> str:
    """The page below its heading, from the standing alone (nothing of the request: it is
    cached and served again until the portfolio, the day or the language changes)."""
    return render_to_string(
        "portfolios/_home_body.html",
        {
            "standards": codes.STANDARDS,
            "chosen": chosen,
            "empty": current.empty,
            "first_steps": [*links("education"), *links("training"), *links("work")],
            "work_link": links("work")[0],
            "sections": current.only(chosen),
            "practice": current.practice,
            "practice_shown": PRACTICE_SHOWN,
            "work_total": current.work_total,
            "areas": current.areas,
        },
    )
