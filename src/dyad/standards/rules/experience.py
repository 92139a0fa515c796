"""Education and experience: requirements.md rules `education`, `work` and `leadership`.

Counted months (requirements.md): the days of an entry from start to end (or as_of), both
included, divided by 30.4375. Promotion, prevention and intervention days are weighted by
full-time equivalence and overlapping entries never add up to more than one full-time day;
RS/C-providing, policy and research/teaching days count once per calendar day. Only paid work
counts; a post-degree rule drops the days before the first degree at that level or higher.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from ..codes import FTE_KINDS, LEVEL_NAMES, LEVEL_RANK
from ..dates import DAYS_PER_MONTH
from ..facts import Education, Work
from ..findings import EPSILON, MET, UNMET, Finding, number, shown, to_go
from ..practice import is_imh_practice
from ..requirement_sets import Scope
from .context import Context

ONE_DAY = timedelta(days=1)
KIND_WORDS = {
    "promotion": "promotion",
    "prevention": "prevention",
    "intervention": "intervention",
    "rsc_provision": "RS/C-providing",
    "policy": "policy",
    "research_teaching": "research/teaching",
}


def in_scope(w: Work, scope: Scope) -> bool:
    """requirements.md, Scope: prenatal work, or an age range that overlaps the standard's."""
    if scope.prenatal and w.prenatal:
        return True
    return w.min_months <= scope.max_months and w.max_months >= scope.min_months


def _participants_ok(w: Work, rule: str) -> bool:
    if rule == "not_none":
        return w.participants != "none"
    if rule == "child_and_caregiver":
        return w.participants == "child_and_caregiver"
    return True


def _why_not(
    ctx: Context, w: Work, kinds: Iterable[str], participants: str, imh_practice: bool
) -> str | None:
    """The reason a work entry cannot count toward this rule, or None when it can."""
    if w.start > ctx.as_of:
        return f"starts after {ctx.as_of.isoformat()}"
    if not w.paid:
        return "is unpaid"
    if w.kind not in kinds:
        return f"is {KIND_WORDS[w.kind]} work"
    if w.kind in FTE_KINDS:
        if not in_scope(w, ctx.rset.scope):
            return f"serves children outside the {ctx.rset.standard} age range"
        if not _participants_ok(w, participants):
            return f"participants are {w.participants.replace('_', ' ')}"
        if imh_practice and not is_imh_practice(w):
            return "is not IMH practice as defined (intervention with child and caregiver)"
        if w.hours_per_week <= 0:
            return "has no hours per week"
    return None


def count_months(
    ctx: Context,
    params: Mapping[str, Any],
) -> tuple[float, list[str], list[tuple[str, str]], date | None]:
    """Counted months for a work or leadership rule.

    Returns (months, evidence pointers, excluded (pointer, reason), degree cutoff date).
    """
    kinds = tuple(params["kinds"])
    participants = params.get("participants", "any")
    imh_practice = bool(params.get("imh_practice", False))
    after_level = params.get("after_level")
    cutoff = ctx.first_degree(after_level) if after_level else None

    spans: list[tuple[date, date, float, str]] = []
    excluded: list[tuple[str, str]] = []
    for w in ctx.portfolio.work:
        reason = _why_not(ctx, w, kinds, participants, imh_practice)
        if reason is None and after_level and cutoff is None:
            reason = f"no {LEVEL_NAMES[after_level]} or higher yet"
        if reason is not None:
            excluded.append((w.pointer, reason))
            continue
        start = w.start if cutoff is None or w.start >= cutoff else cutoff
        end = ctx.as_of if w.end is None or w.end > ctx.as_of else w.end
        if end < start:
            excluded.append((w.pointer, f"ended before the {LEVEL_NAMES[str(after_level)]}"))
            continue
        weight = min(w.hours_per_week / 40.0, 1.0) if w.kind in FTE_KINDS else 1.0
        spans.append((start, end, weight, w.pointer))

    days = _weighted_days(spans)
    evidence = sorted({s[3] for s in spans}, key=_pointer_key)
    return days / DAYS_PER_MONTH, evidence, excluded, cutoff


def _weighted_days(spans: list[tuple[date, date, float, str]]) -> float:
    """Sum of days weighted by FTE, with overlaps capped at one full-time day (a sweep line)."""
    if not spans:
        return 0.0
    events: dict[date, float] = {}
    for start, end, weight, _ in spans:
        events[start] = events.get(start, 0.0) + weight
        after = end + ONE_DAY
        events[after] = events.get(after, 0.0) - weight
    total = 0.0
    active = 0.0
    previous: date | None = None
    for day in sorted(events):
        if previous is not None and active > EPSILON:
            total += (day - previous).days * min(active, 1.0)
        active += events[day]
        previous = day
    return total


def _pointer_key(pointer: str) -> tuple[str, int]:
    head, _, index = pointer.rpartition("/")
    return head, int(index) if index.isdigit() else -1


def _months_finding(ctx: Context, rule: str, params: Mapping[str, Any], what: str) -> Finding:
    need = float(params["months"])
    months, evidence, excluded, cutoff = count_months(ctx, params)
    after = params.get("after_level")
    when = f" after the {LEVEL_NAMES[after]}" if after else ""
    if months + EPSILON >= need:
        message = f"{number(shown(months))} counted months of {what}{when}; {number(need)} needed"
        status = MET
    else:
        message = (
            f"{number(shown(months))} of {number(need)} counted months of {what}{when}; "
            f"{number(to_go(need, months))} to go"
        )
        if after and cutoff is None:
            message += f" (no {LEVEL_NAMES[after]} or higher is recorded yet)"
        status = UNMET
    if rule == "work" and params.get("imh_practice"):
        for pointer in evidence:
            ctx.review_points.append(
                f"{pointer}: relationship focus and attention to attachment and loss are as "
                "stated; a reviewer confirms"
            )
    return Finding(
        rule=rule,
        status=status,
        message=message,
        evidence=tuple(evidence),
        need=need,
        have=shown(months),
        unit="months",
        exact=months,
        excluded=tuple(excluded),
    )


def _kinds_words(kinds: Iterable[str]) -> str:
    words = [KIND_WORDS[k] for k in kinds]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def work(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """requirements.md: work. Paid, in-scope work of the named kinds (IMH practice for IMHS)."""
    what = "IMH practice" if params.get("imh_practice") else f"{_kinds_words(params['kinds'])} work"
    return _months_finding(ctx, "work", params, what)


def leadership(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """requirements.md: leadership. RS/C provision, policy or research/teaching, calendar days."""
    return _months_finding(ctx, "leadership", params, f"{_kinds_words(params['kinds'])} work")


def _option_met(e: Education, option: Mapping[str, Any]) -> bool:
    if "level" in option and e.level != option["level"]:
        return False
    if "min_level" in option and LEVEL_RANK[e.level] < LEVEL_RANK[option["min_level"]]:
        return False
    if option.get("related_field") and not e.related_field:
        return False
    return not (option.get("imh_certificate") and not e.imh_certificate)


def _option_words(option: Mapping[str, Any]) -> str:
    if "level" in option:
        words = f"a {LEVEL_NAMES[option['level']]}"
    else:
        words = f"a {LEVEL_NAMES[option['min_level']]} or higher"
    if option.get("related_field"):
        words += " in a related field"
    if option.get("imh_certificate"):
        words += " with an IMH certificate"
    return words


def _describe(e: Education) -> str:
    words = LEVEL_NAMES[e.level]
    if e.field:
        words += f" in {e.field}"
    if e.related_field:
        words += " (related field)"
    return f"{words}, completed {e.completed.isoformat()}"


def education(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """requirements.md: education, with IFA's alternative of 24 months of experience."""
    options = params["options"]
    held = [e for e in ctx.portfolio.education if e.completed <= ctx.as_of]
    held.sort(key=lambda e: (-LEVEL_RANK[e.level], e.completed, e.pointer))
    for e in held:
        if any(_option_met(e, o) for o in options):
            return Finding("education", MET, _describe(e), evidence=(e.pointer,))

    wanted = " or ".join(_option_words(o) for o in options)
    best = f"highest recorded: {_describe(held[0])}" if held else "no education is recorded"
    experience = params.get("or_experience")
    if experience:
        months, evidence, excluded, _ = count_months(ctx, experience)
        need = float(experience["months"])
        what = f"paid {_kinds_words(experience['kinds'])} work"
        if months + EPSILON >= need:
            message = (
                f"{number(shown(months))} counted months of {what} stand in for {wanted} "
                f"({number(need)} needed)"
            )
            return Finding("education", MET, message, tuple(evidence), excluded=tuple(excluded))
        message = (
            f"needs {wanted}, or instead {number(need)} counted months of {what} "
            f"(has {number(shown(months))}; {number(to_go(need, months))} to go); {best}"
        )
        return Finding("education", UNMET, message, tuple(evidence), excluded=tuple(excluded))
    return Finding("education", UNMET, f"needs {wanted}; {best}")
