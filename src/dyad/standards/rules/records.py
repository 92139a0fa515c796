"""requirements.md rules read from single records: training, references, exam, agreements,
membership and (for renewals) the endorsement held."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from ..codes import AGREEMENTS
from ..dates import months_before
from ..facts import Reference
from ..findings import MET, UNMET, Finding, number, shown, to_go
from .context import Context

ROLE_WORDS = {
    "rsc_provider": "an RS/C provider",
    "rsc_recipient": "someone who receives RS/C from you",
    "supervisor": "a supervisor",
    "colleague": "a colleague",
    "other": "another professional",
}


def training(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """Clock hours of (IMH-specific) training on or before as_of, or within a window."""
    need = float(params["hours"])
    specific = params.get("imh_specific", True)
    window = params.get("within_months")
    cutoff = months_before(ctx.as_of, window) if window else None
    minutes = 0
    evidence: list[str] = []
    excluded: list[tuple[str, str]] = []
    for t in ctx.portfolio.training:
        if t.date > ctx.as_of:
            continue
        if specific and not t.imh_specific:
            excluded.append((t.pointer, "is not IMH-specific"))
        elif cutoff is not None and t.date <= cutoff:
            excluded.append((t.pointer, f"is older than {window} months"))
        else:
            minutes += t.minutes
            evidence.append(t.pointer)
    hours = minutes / 60.0
    what = "IMH-specific training hours" if specific else "training hours"
    if window:
        what += f" in the last {window} months"
    if minutes >= need * 60:
        status, message = MET, f"{number(shown(hours))} {what}; {number(need)} needed"
    else:
        status = UNMET
        message = (
            f"{number(shown(hours))} of {number(need)} {what}; {number(to_go(need, hours))} to go"
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
    """`count` rated references, among them one for each role slot (requested or declined
    references do not count)."""
    need = int(params["count"])
    slots = [tuple(s) for s in params.get("roles", [])]
    rated = [
        r
        for r in ctx.portfolio.references
        if r.status == "rated" and (r.date is None or r.date <= ctx.as_of)
    ]
    excluded = tuple(
        (r.pointer, f"is {r.status}") for r in ctx.portfolio.references if r.status != "rated"
    )
    assignment = _match(slots, rated)
    missing = [slots[i] for i, ref in enumerate(assignment) if ref is None]
    evidence = tuple(r.pointer for r in rated)
    have = len(rated)
    status = MET if have >= need and not missing else UNMET
    if status == MET:
        message = f"{have} rated references; {need} needed"
    else:
        message = f"{have} of {need} rated references"
        if missing:
            wanted = ", and one from ".join(
                " or ".join(ROLE_WORDS[r] for r in slot) for slot in missing
            )
            message += f"; still needed: one from {wanted}"
        elif have < need:
            message += f"; {need - have} to go"
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
    """A pass for this category, on or before as_of (a pass for another category never counts)."""
    category = params["category"]
    taken = sorted(
        (e for e in ctx.portfolio.exams if e.category == category and e.date <= ctx.as_of),
        key=lambda e: e.date,
    )
    passes = [e for e in taken if e.result == "pass"]
    if passes:
        first = passes[0]
        return Finding("exam", MET, f"passed the {category} exam on {first.date}", (first.pointer,))
    if taken:
        last = taken[-1]
        message = f"the {category} exam is not passed yet (last sitting {last.date}: fail)"
        return Finding("exam", UNMET, message)
    others = sorted({e.category for e in ctx.portfolio.exams if e.result == "pass"})
    message = f"needs a pass in the {category} exam"
    if others:
        message += f" (a pass for {', '.join(others)} does not count for {category})"
    return Finding("exam", UNMET, message)


def agreements(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """Each named agreement signed within the window up to as_of."""
    window = int(params["within_months"])
    cutoff = months_before(ctx.as_of, window)
    problems: list[str] = []
    evidence: list[str] = []
    signed = {
        "code_of_ethics": ctx.portfolio.code_of_ethics,
        "endorsement_agreement": ctx.portfolio.endorsement_agreement,
    }
    for key in params["documents"]:
        day = signed[key]
        name = AGREEMENTS[key]
        if day is None:
            problems.append(f"the {name} is not signed")
        elif day > ctx.as_of:
            problems.append(f"the {name} is dated after {ctx.as_of}")
        elif day <= cutoff:
            problems.append(f"the {name} was signed {day}, more than {window} months ago")
        else:
            evidence.append(f"/agreements/{key}")
    if problems:
        message = "; ".join(problems) + f"; sign again (valid {window} months)"
        return Finding("agreements", UNMET, message, tuple(evidence))
    names = " and ".join(AGREEMENTS[k] for k in params["documents"])
    return Finding(
        "agreements", MET, f"{names} signed within the last {window} months", tuple(evidence)
    )


def membership(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """Association membership that has not expired on as_of."""
    expires = ctx.portfolio.membership_expires
    if expires is None:
        return Finding("membership", UNMET, "no association membership is recorded")
    if expires < ctx.as_of:
        return Finding("membership", UNMET, f"membership expired on {expires}; renew it")
    return Finding("membership", MET, f"membership valid until {expires}", ("/membership",))


def endorsement(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """Renewal: an endorsement in this category that expires no earlier than as_of minus the
    grace period; one more than `grace_days` past its expiry has lapsed."""
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
            message = f"{code} endorsement valid until {e.expires}"
        else:
            lapse = e.expires + timedelta(days=grace)
            message = f"{code} endorsement expired {e.expires}; in the grace period until {lapse}"
        return Finding("endorsement", MET, message, (e.pointer,))
    if held:
        e = held[-1]
        lapse = e.expires + timedelta(days=grace + 1)
        message = (
            f"the {code} endorsement lapsed on {lapse} ({grace} days after it expired on "
            f"{e.expires}); reinstatement is a new application"
        )
        return Finding("endorsement", UNMET, message)
    return Finding("endorsement", UNMET, f"holds no {code} endorsement to renew")
