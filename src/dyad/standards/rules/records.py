"""docs/rules.md rules read from single records: training, references, exam, agreements,
membership and (for renewals) the endorsement held."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from ..dates import months_before
from ..facts import Reference
from ..findings import MET, UNMET, Finding, Note, shown, to_go
from ..messages import listing, m
from .context import Context


def training(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """docs/rules.md: training. Clock hours of (IMH-specific) training on or before as_of, or
    within a window."""
    need = float(params["hours"])
    specific = params.get("imh_specific", True)
    window = params.get("within_months")
    cutoff = months_before(ctx.as_of, window) if window else None
    minutes = 0
    evidence: list[str] = []
    excluded: list[Note] = []
    # One message per reason, shared by every entry it excludes (messages are immutable values):
    # a portfolio of thousands of trainings would otherwise build thousands of equal ones.
    not_specific = m("excluded.not_imh_specific")
    too_old = m("excluded.older_than", window=window)
    for t in ctx.portfolio.training:
        if t.date > ctx.as_of:
            continue
        if specific and not t.imh_specific:
            excluded.append(Note(t.ref, not_specific))
        elif cutoff is not None and t.date <= cutoff:
            excluded.append(Note(t.ref, too_old))
        else:
            minutes += t.minutes
            evidence.append(t.ref)
    hours = minutes / 60.0
    what_code = "training.what_specific" if specific else "training.what_any"
    what = m(what_code + "_window", window=window) if window else m(what_code)
    if minutes >= need * 60:
        status, message = MET, m("training.met", have=shown(hours), need=need, what=what)
    else:
        status = UNMET
        message = m(
            "training.unmet", have=shown(hours), need=need, what=what, to_go=to_go(need, hours)
        )
    return Finding(
        "training",
        status,
        message,
        tuple(evidence),
        need,
        shown(hours),
        "hours",
        hours,
        tuple(excluded),
    )


def _match(slots: Sequence[Sequence[str]], refs: Sequence[Reference]) -> list[int | None]:
    """Assign distinct references to role slots (a tiny bipartite matching); slot -> ref index."""
    owner: dict[int, int] = {}  # reference index -> slot index

    def place(slot: int, seen: set[int]) -> bool:
        for i, ref in enumerate(refs):
            if ref.role in slots[slot] and i not in seen:
                seen.add(i)
                if i not in owner or place(owner[i], seen):
                    owner[i] = slot
                    return True
        return False

    for slot in range(len(slots)):
        place(slot, set())
    assignment: list[int | None] = [None] * len(slots)
    for ref_index, slot in owner.items():
        assignment[slot] = ref_index
    return assignment


def references(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """docs/rules.md: references. `count` rated references, among them one for each role slot
    (requested or declined references do not count)."""
    need = int(params["count"])
    slots = [tuple(s) for s in params.get("roles", [])]
    rated = [
        r
        for r in ctx.portfolio.references
        if r.status == "rated" and (r.date is None or r.date <= ctx.as_of)
    ]
    excluded = tuple(
        Note(r.ref, m("excluded.reference_status", status=m(f"reference_status.{r.status}")))
        for r in ctx.portfolio.references
        if r.status != "rated"
    )
    assignment = _match(slots, rated)
    missing = [slots[i] for i, ref in enumerate(assignment) if ref is None]
    evidence = tuple(r.ref for r in rated)
    have = len(rated)
    status = MET if have >= need and not missing else UNMET
    if status == MET:
        message = m("references.met", have=have, need=need)
    elif missing:
        wanted = listing(
            "and_one_from",
            (listing("or_each", (m(f"role.{r}") for r in slot)) for slot in missing),
        )
        message = m("references.unmet_roles", have=have, need=need, slots=wanted)
    else:  # enough slots filled, too few references
        message = m("references.unmet_to_go", have=have, need=need, to_go=need - have)
    return Finding(
        "references",
        status,
        message,
        evidence,
        float(need),
        float(have),
        "references",
        float(have),
        excluded,
    )


def exam(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """docs/rules.md: exam. A pass for this category, on or before as_of (a pass for another
    category never counts)."""
    category = params["category"]
    taken = sorted(
        (e for e in ctx.portfolio.exams if e.category == category and e.date <= ctx.as_of),
        key=lambda e: e.date,
    )
    passes = [e for e in taken if e.result == "pass"]
    if passes:
        first = passes[0]
        message = m("exam.passed", category=category, date=first.date.isoformat())
        return Finding("exam", MET, message, (first.ref,))
    if taken:
        last = taken[-1]
        return Finding(
            "exam", UNMET, m("exam.failed", category=category, date=last.date.isoformat())
        )
    others = sorted({e.category for e in ctx.portfolio.exams if e.result == "pass"})
    if others:
        message = m("exam.needed_other", category=category, others=listing("comma", others))
    else:
        message = m("exam.needed", category=category)
    return Finding("exam", UNMET, message)


def agreements(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """docs/rules.md: agreements. Each named agreement signed within the window up to as_of."""
    window = int(params["within_months"])
    cutoff = months_before(ctx.as_of, window)
    problems = []
    evidence: list[str] = []
    for key in params["documents"]:
        signed = ctx.portfolio.signed(key)
        name = m(f"agreement.{key}")
        if signed is None:
            problems.append(m("agreements.not_signed", document=name))
        elif signed.signed > ctx.as_of:
            problems.append(m("agreements.future", document=name, as_of=ctx.as_of.isoformat()))
        elif signed.signed <= cutoff:
            problems.append(
                m("agreements.old", document=name, date=signed.signed.isoformat(), window=window)
            )
        else:
            evidence.append(signed.ref)
    if problems:
        message = m("agreements.unmet", problems=listing("semicolon", problems), window=window)
        return Finding("agreements", UNMET, message, tuple(evidence))
    names = listing("and_each", (m(f"agreement.{k}") for k in params["documents"]))
    return Finding(
        "agreements", MET, m("agreements.met", documents=names, window=window), tuple(evidence)
    )


def membership(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """docs/rules.md: membership. Association membership that has not expired on as_of."""
    held = ctx.portfolio.membership
    if held is None:
        return Finding("membership", UNMET, m("membership.none"))
    if held.expires < ctx.as_of:
        return Finding("membership", UNMET, m("membership.expired", date=held.expires.isoformat()))
    return Finding(
        "membership", MET, m("membership.met", date=held.expires.isoformat()), (held.ref,)
    )


def endorsement(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """docs/rules.md: renewal. An endorsement in this category that expires no earlier than
    as_of minus the grace period; one more than `grace_days` past its expiry has lapsed."""
    code = ctx.category.code
    grace = int(params["grace_days"])
    earliest = ctx.as_of - timedelta(days=grace)
    held = sorted(
        (e for e in ctx.portfolio.endorsements if e.category == code and e.granted <= ctx.as_of),
        key=lambda e: e.expires,
    )
    current = [e for e in held if e.expires >= earliest]
    if current:
        e = current[-1]
        if e.expires >= ctx.as_of:
            message = m("endorsement.valid", category=code, date=e.expires.isoformat())
        else:
            lapse = e.expires + timedelta(days=grace)
            message = m(
                "endorsement.grace",
                category=code,
                date=e.expires.isoformat(),
                until=lapse.isoformat(),
            )
        return Finding("endorsement", MET, message, (e.ref,))
    if held:
        e = held[-1]
        lapse = e.expires + timedelta(days=grace + 1)
        message = m(
            "endorsement.lapsed",
            category=code,
            lapsed=lapse.isoformat(),
            grace=grace,
            date=e.expires.isoformat(),
        )
        return Finding("endorsement", UNMET, message)
    return Finding("endorsement", UNMET, m("endorsement.none", category=code))
