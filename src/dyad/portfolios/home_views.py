"""The portfolio's home page, `/portfolio/`: where the signed-in person stands, category by
category.

Everything shown comes from the one engine: `portfolio_facts(user)` (a fixed number of queries),
then `plan(...)` for every category and `classify_practice(...)` for each work entry. This module
only arranges what they return for the page; it decides nothing about eligibility.

References and the exam are never in a portfolio: they come with an application to an
association. A category whose every other requirement is met is therefore "ready to apply".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dyad.standards import codes, plan
from dyad.standards.facts import Portfolio
from dyad.standards.planning import CategoryPlan, Gap
from dyad.standards.practice import classify_practice

from .selectors import portfolio_facts

#: rules a portfolio cannot hold: they are gathered with an application to an association
APPLICATION_RULES = frozenset({"references", "exam", "endorsement"})

#: where each missing piece is filled: rule -> the entry forms (url name, link text)
FORMS: dict[str, tuple[tuple[str, object], ...]] = {
    "education": (("portfolios:new_education", _("Add education")),),
    "work": (("portfolios:new_work", _("Add work experience")),),
    "leadership": (("portfolios:new_work", _("Add work experience")),),
    "training": (("portfolios:new_training", _("Add training")),),
    "rsc_received": (
        ("portfolios:new_rsc_session", _("Log an RS/C session")),
        ("portfolios:new_provider", _("Add an RS/C provider")),
    ),
    "agreements": (("portfolios:agreements", _("Sign the agreements")),),
    "membership": (("portfolios:membership", _("Record a membership")),),
}

#: the seed definition of IMH practice, criterion by criterion, in Dyad's own short words
#: (docs/definitions.md §2)
MEANINGS = {
    "P1": _(
        "Relationship-focused: the work serves the relationship between the young child and "
        "the caregiver, not either one alone. As you state it; a reviewer confirms."
    ),
    "P2": _("Both take part: the young child and a parent or primary caregiver, together."),
    "P3": _(
        "A named service: case management, advocacy, emotional support, developmental "
        "guidance, early relationship assessment, social support or relationship-based therapy."
    ),
    "P4": _(
        "An intervention ready to take up attachment, separation, trauma, grief and loss when "
        "a family needs it. As you state it; a reviewer confirms."
    ),
    "P5": _(
        "About you, not the work: specialized training grounded in IMH principles. The training "
        "requirement counts the hours."
    ),
    "P6": _(
        "About you, not the work: reflective supervision/consultation about this very work. The "
        "RS/C requirement counts the hours."
    ),
}

#: P1-P4 decide whether the work is IMH practice; P5 and P6 describe the practitioner
DECIDING = frozenset({"P1", "P2", "P3", "P4"})


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class CategoryView:
    """One category as the page shows it."""

    plan: CategoryPlan
    status: str  # eligible, ready, on_track, missing
    to_do: tuple[tuple[Gap, tuple[Link, ...]], ...]  # gaps the portfolio can fill, with forms
    with_application: tuple[Gap, ...]  # references, exam

    @property
    def assessment(self):
        return self.plan.assessment

    @property
    def met_by(self) -> date | None:
        """When time alone closes every portfolio gap at the present rate."""
        dates = [g.earliest for g, _links in self.to_do]
        if not dates or any(d is None for d in dates):
            return None
        return max(dates)


def _links(rule: str) -> tuple[Link, ...]:
    return tuple(Link(reverse(name), str(text)) for name, text in FORMS.get(rule, ()))


def _category_view(entry: CategoryPlan) -> CategoryView:
    to_do = tuple((g, _links(g.rule)) for g in entry.gaps if g.rule not in APPLICATION_RULES)
    later = tuple(g for g in entry.gaps if g.rule in APPLICATION_RULES)
    if entry.assessment.eligible:
        status = "eligible"
    elif not to_do:
        status = "ready"
    elif all(g.earliest is not None for g, _links in to_do):
        status = "on_track"
    else:
        status = "missing"
    return CategoryView(entry, status, to_do, later)


def _standing(views: list[CategoryView]) -> tuple[CategoryView | None, CategoryView | None]:
    """The highest category met (eligible, or ready to apply), and the nearest one reachable:
    the fewest things to do, then the earliest date time alone closes them."""
    done = [v for v in views if v.status in ("eligible", "ready")]
    highest = done[-1] if done else None  # a set lists its categories in ascending order
    open_ = [v for v in views if v.status not in ("eligible", "ready")]
    nearest = (
        min(open_, key=lambda v: (len(v.to_do), v.met_by or date.max), default=None)
        if open_
        else None
    )
    return highest, nearest


def _area_hours(portfolio: Portfolio, today: date) -> list[dict]:
    """Training hours per knowledge area (a training covering two areas counts for each)."""
    totals = {code: [0, 0] for code in codes.AREAS}
    for t in portfolio.training:
        if t.date > today:
            continue
        for area in t.areas:
            if area in totals:
                totals[area][0] += t.minutes
                if t.imh_specific:
                    totals[area][1] += t.minutes
    return [
        {"name": gettext(name), "hours": totals[code][0] / 60, "imh": totals[code][1] / 60}
        for code, name in codes.AREAS.items()
    ]


def _practice(portfolio: Portfolio, today: date) -> list[dict]:
    rows = []
    for w in portfolio.work:
        result = classify_practice(w, portfolio, today)
        rows.append(
            {
                "work": w,
                "is_practice": result.is_practice,
                "criteria": [
                    {
                        "criterion": c,
                        "meaning": MEANINGS.get(c.code, ""),
                        "deciding": c.code in DECIDING,
                    }
                    for c in result.criteria
                ],
            }
        )
    return rows


def standing(
    portfolio: Portfolio, today: date, standards: tuple[str, ...] = codes.STANDARDS
) -> list[dict]:
    """For each standard: its categories as the page shows them, the highest met and the
    nearest to reach (the portfolio page and the dashboard)."""
    result = plan(portfolio, today, standards)
    sections = []
    for standard in standards:
        views = [_category_view(c) for c in result.categories if c.assessment.standard == standard]
        highest, nearest = _standing(views)
        sections.append(
            {"standard": standard, "categories": views, "highest": highest, "nearest": nearest}
        )
    return sections


def is_empty(p: Portfolio) -> bool:
    return not (
        p.education or p.training or p.work or p.providers or p.rsc or p.agreements or p.membership
    )


@require_GET
@login_required
def home(request):
    """Every category of both standards (or the one chosen) with its status and numbers, what
    to do next and where, each work entry's IMH practice criteria, training hours per area.
    Only ever the signed-in person's own portfolio: there is no id in the address."""
    today = timezone.localdate()
    portfolio = portfolio_facts(request.user)
    chosen = request.GET.get("standard")
    if chosen not in codes.STANDARDS:
        chosen = None
    context = {
        "standards": codes.STANDARDS,
        "chosen": chosen,
        "today": today,
        "empty": is_empty(portfolio),
        "first_steps": [*_links("education"), *_links("training"), *_links("work")],
        "work_link": _links("work")[0],
    }
    if not context["empty"]:
        sections = standing(portfolio, today, (chosen,) if chosen else codes.STANDARDS)
        context.update(
            sections=sections,
            practice=_practice(portfolio, today),
            areas=_area_hours(portfolio, today),
        )
    return render(request, "portfolios/home.html", context)
