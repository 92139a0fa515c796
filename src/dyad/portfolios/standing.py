"""Where a person stands, category by category: `current_standing(user)`, computed once per
version of what it depends on, then served from the cache.

Everything comes from the one engine: `portfolio_facts(user)` (a fixed number of queries), then
`plan(...)` for every category and `classify_practice(...)` for the most recent work entries.
This module only arranges what they return for the pages; it decides nothing about eligibility.

What a standing depends on, and so what its cache key names (`standing_key`):

- the person's portfolio: the token of `StandingVersion("person:<id>")`, replaced in the
  transaction of every write (every portfolio verb, the import and erasure record a
  `portfolio.*` event naming the owner; `note_portfolio_event` replaces the token when that
  event is saved);
- other people's endorsements: an RS/C provider picked from Dyad is qualified from Dyad's own
  endorsement records, so any endorsement saved or deleted replaces the `endorsements` token
  (`note_endorsement_change`);
- the day (`today`: a plan is dated, and entries dated after it do not count yet), the language
  (link texts and area names are translated when computed), the standards asked for and the
  requirement sets' ids and versions, and the code that computed and rendered it
  (`code_fingerprint`: the engine, the templates, the translations; so a deploy never serves
  what the previous version made) with `FORMAT` (raise it when what is cached changes shape).

Both tokens are read in one query. A person with no token yet (no write through a service ever:
only rows made in bulk by a test or a benchmark) is computed every time and never cached.
References and the exam are never in a portfolio: they come with an application to an
association. A category whose every other requirement is met is therefore "ready to apply".
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache as memoize
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dyad.standards import codes, plan
from dyad.standards.facts import Portfolio
from dyad.standards.planning import CategoryPlan, Gap
from dyad.standards.practice import classify_practice
from dyad.standards.requirement_sets import BASELINES, load_requirement_set

from .models import StandingVersion
from .selectors import portfolio_facts

#: raise when what is cached (the Standing, or the page fragments built from it) changes shape
FORMAT = 1
#: the most work entries whose IMH practice criteria a standing carries (the most recent first);
#: the work list has every one
PRACTICE_SHOWN = 20
#: the cache alias (settings.cache_settings); "default" where a test's settings have no such alias
CACHE = "standing"
#: how long an entry may stay: its key names the day, so yesterday's ages out on its own
TIMEOUT = 2 * 24 * 3600
ENDORSEMENTS = "endorsements"
#: what `code_fingerprint` reads
DYAD = Path(__file__).resolve().parents[1]
FINGERPRINTED = frozenset({".py", ".html", ".json", ".mo"})

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
    """One category as the pages show it."""

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


@dataclass(frozen=True)
class Standing:
    """Where a person stands on `today`, as the pages show it.

    `sections`: per standard, {"standard", "categories" (CategoryView), "highest", "nearest"};
    `practice`: the PRACTICE_SHOWN most recent work entries with their criteria, of
    `work_total`; `areas`: training hours per knowledge area. An empty portfolio has no
    sections. `key` is the cache key it is kept under (None: not cached)."""

    today: date
    empty: bool
    sections: tuple[dict[str, Any], ...]
    practice: tuple[dict[str, Any], ...]
    work_total: int
    areas: tuple[dict[str, Any], ...]
    key: str | None = None

    def only(self, standard: str | None) -> tuple[dict[str, Any], ...]:
        """The sections of one standard (all of them for None)."""
        return tuple(s for s in self.sections if standard in (None, s["standard"]))


# -- the cached entry point -----------------------------------------------------------------


def current_standing(
    user, today: date | None = None, standards: tuple[str, ...] = codes.STANDARDS
) -> Standing:
    """Where `user` stands on `today` (the local date by default) in `standards`: from the
    cache when nothing it depends on changed since it was computed, else computed and kept."""
    today = today or timezone.localdate()
    key = standing_key(user, today, standards)
    return cached_standing(user, today, standards, key)


def cached_standing(user, today: date, standards: tuple[str, ...], key: str | None) -> Standing:
    """`current_standing` with the key already read (`standing_key`, or None not to cache)."""
    if key is not None:
        kept = standing_cache().get(key)
        if kept is not None:
            return kept
    result = compute_standing(portfolio_facts(user), today, standards, key)
    if key is not None:
        standing_cache().set(key, result, TIMEOUT)
    return result


def standing_fragment(
    user, name: str, render: Callable[[Standing], str], today: date | None = None
) -> SafeString:
    """A piece of a page made from `user`'s standing alone (both standards), kept in the cache
    beside it under `name`: while nothing the standing depends on changes, one query and no
    engine or template work. `render(standing)` must read nothing else (not the request: the
    HTML is served again), and `name` must say everything `render` varies on."""
    today = today or timezone.localdate()
    key = standing_key(user, today)
    fragment_key = f"{key}:{name}" if key else None
    html = standing_cache().get(fragment_key) if fragment_key else None
    if html is None:
        html = render(cached_standing(user, today, codes.STANDARDS, key))
        if fragment_key:
            standing_cache().set(fragment_key, html, TIMEOUT)
    return mark_safe(html)


def standing_key(user, today: date, standards: tuple[str, ...] = codes.STANDARDS) -> str | None:
    """The cache key of `user`'s standing (one query); None when the person has no version yet
    (nothing may be cached for them)."""
    person = f"person:{user.pk}"
    tokens = dict(
        StandingVersion.objects.filter(scope__in=(person, ENDORSEMENTS)).values_list(
            "scope", "token"
        )
    )
    if person not in tokens:
        return None
    return ":".join(
        (
            f"standing{FORMAT}-{code_fingerprint(DYAD)}",
            str(user.pk),
            tokens[person],
            tokens.get(ENDORSEMENTS, "-"),
            today.isoformat(),
            translation.get_language() or settings.LANGUAGE_CODE,
            _requirement_sets(tuple(standards)),
        )
    )


def standing_cache():
    return caches[CACHE if CACHE in settings.CACHES else "default"]


@memoize
def code_fingerprint(root: Path) -> str:
    """A short hash of the code under `root` that a cached standing or page comes from: its
    Python, templates, requirement sets and compiled translations (tests left out). Read once
    per process."""
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted(root.rglob("*")):
        if path.suffix in FINGERPRINTED and "tests" not in path.relative_to(root).parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@memoize
def _requirement_sets(standards: tuple[str, ...]) -> str:
    """The requirement sets a plan of `standards` reads, by id and version."""
    sets = (load_requirement_set(BASELINES[s]) for s in standards)
    return ",".join(f"{s.id}@{s.version}" for s in sets)


# -- what invalidates it --------------------------------------------------------------------


def bump(scope: str) -> None:
    """Give `scope` a new token (one upsert), in the caller's transaction."""
    StandingVersion.objects.bulk_create(
        [StandingVersion(scope=scope, token=uuid.uuid4().hex)],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["token"],
    )


def note_portfolio_event(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """`post_save` of Event: a `portfolio.*` event names the owner whose portfolio changed."""
    if created and not raw and instance.verb.startswith("portfolio."):
        owner = (instance.data or {}).get("owner")
        if isinstance(owner, int):
            bump(f"person:{owner}")


def note_endorsement_change(sender, raw: bool = False, **kwargs) -> None:
    """`post_save` and `post_delete` of Endorsement: a provider's qualification may change."""
    if not raw:
        bump(ENDORSEMENTS)


# -- computing it ---------------------------------------------------------------------------


def compute_standing(
    portfolio: Portfolio,
    today: date,
    standards: tuple[str, ...] = codes.STANDARDS,
    key: str | None = None,
) -> Standing:
    """The standing of `portfolio` on `today`, uncached."""
    if is_empty(portfolio):
        return Standing(today, True, (), (), 0, (), key)
    return Standing(
        today=today,
        empty=False,
        sections=tuple(sections(portfolio, today, standards)),
        practice=tuple(practice(portfolio, today)),
        work_total=len(portfolio.work),
        areas=tuple(area_hours(portfolio, today)),
        key=key,
    )


def is_empty(p: Portfolio) -> bool:
    return not (
        p.education or p.training or p.work or p.providers or p.rsc or p.agreements or p.membership
    )


def links(rule: str) -> tuple[Link, ...]:
    return tuple(Link(reverse(name), str(text)) for name, text in FORMS.get(rule, ()))


def category_view(entry: CategoryPlan) -> CategoryView:
    to_do = tuple((g, links(g.rule)) for g in entry.gaps if g.rule not in APPLICATION_RULES)
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


def highest_and_nearest(
    views: list[CategoryView],
) -> tuple[CategoryView | None, CategoryView | None]:
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


def sections(
    portfolio: Portfolio, today: date, standards: tuple[str, ...] = codes.STANDARDS
) -> list[dict[str, Any]]:
    """For each standard: its categories as the pages show them, the highest met and the
    nearest to reach."""
    result = plan(portfolio, today, standards)
    out = []
    for standard in standards:
        views = [category_view(c) for c in result.categories if c.assessment.standard == standard]
        highest, nearest = highest_and_nearest(views)
        out.append(
            {"standard": standard, "categories": views, "highest": highest, "nearest": nearest}
        )
    return out


def area_hours(portfolio: Portfolio, today: date) -> list[dict[str, Any]]:
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


def practice(portfolio: Portfolio, today: date) -> list[dict[str, Any]]:
    """The PRACTICE_SHOWN most recent work entries (latest start first), criterion by
    criterion."""
    recent = sorted(portfolio.work, key=lambda w: w.start, reverse=True)[:PRACTICE_SHOWN]
    rows = []
    for w in recent:
        result = classify_practice(w, portfolio, today)
        rows.append(
            {
                "work": w,
                "is_practice": result.is_practice,
                "criteria": [
                    {
                        "criterion": c,
                        "meaning": str(MEANINGS.get(c.code, "")),
                        "deciding": c.code in DECIDING,
                    }
                    for c in result.criteria
                ],
            }
        )
    return rows
