"""requirements.md: rsc_received, and the qualified RS/C provider rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..codes import EQUIVALENTS, LEVEL_NAMES, LEVEL_RANK
from ..dates import months_before
from ..facts import Provider, RscSession
from ..findings import MET, UNMET, Finding, number, shown, to_go
from .context import Context


def accepted_categories(params: Mapping[str, Any]) -> frozenset[str]:
    """The provider categories, with their equivalents in the other standard."""
    named = set(params["providers"])
    return frozenset(named | {EQUIVALENTS[c] for c in named if c in EQUIVALENTS})


def provider_qualified(
    provider: Provider | None, session: RscSession, accepted: frozenset[str], min_level: str | None
) -> bool:
    """Holds an accepted endorsement on the session's date (and the degree, where required)."""
    if provider is None:
        return False
    if min_level is not None and (
        provider.degree is None or LEVEL_RANK[provider.degree] < LEVEL_RANK[min_level]
    ):
        return False
    return any(e.category in accepted and e.covers(session.date) for e in provider.endorsements)


def rsc_received(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """Minutes within the window from qualified providers; at most `max_providers` providers
    count (the two with the most qualifying hours), a steady reflective relationship."""
    need = float(params["hours"])
    window = int(params["within_months"])
    cutoff = months_before(ctx.as_of, window)
    accepted = accepted_categories(params)
    min_level = params.get("provider_min_level")
    max_providers = params.get("max_providers")
    providers = ctx.portfolio.providers_by_id

    by_provider: dict[str, list[RscSession]] = {}
    minutes_by_provider: dict[str, int] = {}
    excluded: list[tuple[str, str]] = []
    for s in ctx.portfolio.rsc:
        if s.date > ctx.as_of:
            continue  # listed among the ignored entries
        if s.date <= cutoff:
            excluded.append((s.pointer, f"is older than {window} months"))
            continue
        if not provider_qualified(providers.get(s.provider), s, accepted, min_level):
            excluded.append((s.pointer, "the provider was not qualified on that date"))
            continue
        by_provider.setdefault(s.provider, []).append(s)
        minutes_by_provider[s.provider] = minutes_by_provider.get(s.provider, 0) + s.minutes

    chosen = sorted(minutes_by_provider, key=lambda p: (-minutes_by_provider[p], p))
    dropped: list[str] = []
    if max_providers is not None and len(chosen) > max_providers:
        chosen, dropped = chosen[:max_providers], chosen[max_providers:]
        for p in dropped:
            excluded.extend((s.pointer, "a third provider (two-provider rule)") for s in by_provider[p])

    minutes = sum(minutes_by_provider[p] for p in chosen)
    evidence = sorted(
        (s.pointer for p in chosen for s in by_provider[p]), key=lambda x: int(x.rpartition("/")[2])
    )
    hours = minutes / 60.0
    where = f"from qualified providers in the last {window} months"
    if min_level:
        where = f"from qualified providers ({LEVEL_NAMES[min_level]} or higher) in the last {window} months"
    if minutes >= need * 60:
        message = f"{number(shown(hours))} RS/C hours {where}; {number(need)} needed"
        status = MET
    else:
        message = (
            f"{number(shown(hours))} of {number(need)} RS/C hours {where}; "
            f"{number(to_go(need, hours))} to go"
        )
        status = UNMET
    if dropped:
        message += f" (sessions with {len(dropped)} more provider(s) do not count: at most {max_providers})"
    return Finding(
        rule="rsc_received",
        status=status,
        message=message,
        evidence=tuple(evidence),
        need=need,
        have=shown(hours),
        unit="hours",
        exact=hours,
        excluded=tuple(excluded),
    )
