"""docs/rules.md: rsc_received, and the qualified RS/C provider rule."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from ..codes import EQUIVALENTS, LEVEL_RANK
from ..dates import months_before
from ..facts import Provider, RscSession
from ..findings import MET, UNMET, Finding, Note, shown, to_go
from ..messages import m
from .context import Context


def accepted_categories(params: Mapping[str, Any]) -> frozenset[str]:
    """The provider categories, with their equivalents in the other standard."""
    named = set(params["providers"])
    return frozenset(named | {EQUIVALENTS[c] for c in named if c in EQUIVALENTS})


def _qualifying_periods(
    provider: Provider, accepted: frozenset[str], min_level: str | None
) -> tuple[tuple[date, date | None], ...]:
    """When a provider qualifies under this rule (never if the degree falls short)."""
    if min_level is not None and (
        provider.degree is None or LEVEL_RANK[provider.degree] < LEVEL_RANK[min_level]
    ):
        return ()
    return tuple((e.start, e.end) for e in provider.endorsements if e.category in accepted)


def rsc_received(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """Minutes within the window from qualified providers; at most `max_providers` providers
    count (the two with the most qualifying hours), a steady reflective relationship."""
    need = float(params["hours"])
    window = int(params["within_months"])
    cutoff = months_before(ctx.as_of, window)
    accepted = accepted_categories(params)
    min_level = params.get("provider_min_level")
    max_providers = params.get("max_providers")
    periods = {
        pid: _qualifying_periods(p, accepted, min_level)
        for pid, p in ctx.portfolio.providers_by_id.items()
    }
    too_old = m("excluded.older_than", window=window)
    not_qualified = m("excluded.provider_not_qualified")

    counted: list[RscSession] = []
    minutes_by_provider: dict[str, int] = {}
    excluded: list[Note] = []
    as_of = ctx.as_of
    for s in ctx.portfolio.rsc:
        day = s.date
        if day > as_of:
            continue  # listed among the ignored entries
        if day <= cutoff:
            excluded.append(Note(s.ref, too_old))
            continue
        for start, end in periods.get(s.provider, ()):
            if start <= day and (end is None or day <= end):
                break
        else:
            excluded.append(Note(s.ref, not_qualified))
            continue
        counted.append(s)
        minutes_by_provider[s.provider] = minutes_by_provider.get(s.provider, 0) + s.minutes

    chosen = sorted(minutes_by_provider, key=lambda p: (-minutes_by_provider[p], p))
    dropped: list[str] = []
    if max_providers is not None and len(chosen) > max_providers:
        chosen, dropped = chosen[:max_providers], chosen[max_providers:]
        gone = set(dropped)
        third = m("excluded.third_provider")
        excluded.extend(Note(s.ref, third) for s in counted if s.provider in gone)
        counted = [s for s in counted if s.provider not in gone]

    minutes = sum(minutes_by_provider[p] for p in chosen)
    evidence = tuple(s.ref for s in counted)  # in portfolio order
    hours = minutes / 60.0
    if min_level:
        where = m("rsc.where_degree", level=m(f"level.{min_level}"), window=window)
    else:
        where = m("rsc.where", window=window)
    amounts = {"have": shown(hours), "need": need, "where": where}
    if minutes >= need * 60:
        code, status = "rsc.met", MET
    else:
        code, status = "rsc.unmet", UNMET
        amounts["to_go"] = to_go(need, hours)
    if dropped:
        code += "_dropped"
        amounts.update(dropped=len(dropped), max=max_providers)
    return Finding(
        rule="rsc_received",
        status=status,
        explanation=m(code, **amounts),
        evidence=evidence,
        need=need,
        have=shown(hours),
        unit="hours",
        exact=hours,
        excluded=tuple(excluded),
    )
