"""Education and experience: docs/rules.md rules `education`, `work` and `leadership`.

Counted months (docs/rules.md): the days of an entry from start to end (or as_of), both
included, divided by 30.4375. Promotion, prevention and intervention days are weighted by
full-time equivalence and overlapping entries never add up to more than one full-time day;
RS/C-providing, policy and research/teaching days count once per calendar day. Only paid work
counts; a post-degree rule drops the days before the first degree at that level or higher.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from ..codes import FTE_KINDS, LEVEL_RANK
from ..dates import DAYS_PER_MONTH
from ..facts import Education, Work
from ..findings import EPSILON, MET, UNMET, Finding, Note, shown, to_go
from ..messages import Message, listing, m
from ..practice import is_imh_practice
from ..requirement_sets import Scope
from .context import Context

ONE_DAY = timedelta(days=1)


def in_scope(w: Work, scope: Scope) -> bool:
    """docs/rules.md, Scope: prenatal work, or an age range that overlaps the standard's."""
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
) -> Message | None:
    """The reason a work entry cannot count toward this rule, or None when it can."""
    if w.start > ctx.as_of:
        return m("excluded.starts_after", as_of=ctx.as_of.isoformat())
    if not w.paid:
        return m("excluded.unpaid")
    if w.kind not in kinds:
        return m("excluded.kind", kind=m(f"kind.{w.kind}"))
    if w.kind in FTE_KINDS:
        if not in_scope(w, ctx.rset.scope):
            return m("excluded.out_of_scope", standard=ctx.rset.standard)
        if not _participants_ok(w, participants):
            return m("excluded.participants", participants=m(f"participants.{w.participants}"))
        if imh_practice and not is_imh_practice(w):
            return m("excluded.not_practice")
        if w.hours_per_week <= 0:
            return m("excluded.no_hours")
    return None


def count_months(
    ctx: Context,
    params: Mapping[str, Any],
) -> tuple[float, list[str], list[Note], date | None]:
    """Counted months for a work or leadership rule.

    Returns (months, evidence refs, excluded entries with reasons, degree cutoff date).
    """
    kinds = tuple(params["kinds"])
    participants = params.get("participants", "any")
    imh_practice = bool(params.get("imh_practice", False))
    after_level = params.get("after_level")
    cutoff = ctx.first_degree(after_level) if after_level else None

    spans: list[tuple[date, date, float, str]] = []
    excluded: list[Note] = []
    for w in ctx.portfolio.work:
        reason = _why_not(ctx, w, kinds, participants, imh_practice)
        if reason is None and after_level and cutoff is None:
            reason = m("excluded.no_degree", level=m(f"level.{after_level}"))
        if reason is not None:
            excluded.append(Note(w.ref, reason))
            continue
        start = w.start if cutoff is None or w.start >= cutoff else cutoff
        end = ctx.as_of if w.end is None or w.end > ctx.as_of else w.end
        if end < start:
            excluded.append(
                Note(w.ref, m("excluded.before_degree", level=m(f"level.{after_level}")))
            )
            continue
        weight = min(w.hours_per_week / 40.0, 1.0) if w.kind in FTE_KINDS else 1.0
        spans.append((start, end, weight, w.ref))

    days = _weighted_days(spans)
    counted = {s[3] for s in spans}
    evidence = [w.ref for w in ctx.portfolio.work if w.ref in counted]  # in portfolio order
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


def _months_finding(ctx: Context, rule: str, params: Mapping[str, Any], what: Message) -> Finding:
    need = float(params["months"])
    months, evidence, excluded, cutoff = count_months(ctx, params)
    after = params.get("after_level")
    amounts: dict[str, Any] = {"have": shown(months), "need": need, "what": what}
    if after:
        amounts["level"] = m(f"level.{after}")
    if months + EPSILON >= need:
        message = m("months.met_after" if after else "months.met", **amounts)
        status = MET
    else:
        amounts["to_go"] = to_go(need, months)
        code = "months.unmet"
        if after:
            code = "months.unmet_no_degree" if cutoff is None else "months.unmet_after"
        message = m(code, **amounts)
        status = UNMET
    review_points: tuple[Note, ...] = ()
    if rule == "work" and params.get("imh_practice"):
        # docs/definitions.md, P1 and P4: the applicant's statements, for a reviewer to confirm.
        review_points = tuple(Note(ref, m("months.review_practice")) for ref in evidence)
    return Finding(
        rule=rule,
        status=status,
        explanation=message,
        evidence=tuple(evidence),
        need=need,
        have=shown(months),
        unit="months",
        exact=months,
        excluded=tuple(excluded),
        review_points=review_points,
    )


def _kinds(kinds: Iterable[str]) -> Message:
    return listing("or", (m(f"kind.{k}") for k in kinds))


def work(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """docs/rules.md: work. Paid, in-scope work of the named kinds (IMH practice for IMHS)."""
    if params.get("imh_practice"):
        what = m("months.what_practice")
    else:
        what = m("months.what_kinds", kinds=_kinds(params["kinds"]))
    return _months_finding(ctx, "work", params, what)


def leadership(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """docs/rules.md: leadership. RS/C provision, policy or research/teaching, calendar days."""
    what = m("months.what_kinds", kinds=_kinds(params["kinds"]))
    return _months_finding(ctx, "leadership", params, what)


def _option_met(e: Education, option: Mapping[str, Any]) -> bool:
    if "level" in option and e.level != option["level"]:
        return False
    if "min_level" in option and LEVEL_RANK[e.level] < LEVEL_RANK[option["min_level"]]:
        return False
    if option.get("related_field") and not e.related_field:
        return False
    return not (option.get("imh_certificate") and not e.imh_certificate)


def _option(option: Mapping[str, Any]) -> Message:
    code = "education.option" if "level" in option else "education.option_min"
    if option.get("related_field"):
        code += "_related"
    if option.get("imh_certificate"):
        code += "_certificate"
    return m(code, level=m(f"level.{option.get('level') or option['min_level']}"))


def _describe(e: Education) -> Message:
    code = "education.degree_in" if e.field else "education.degree"
    if e.related_field:
        code = "education.degree_in_related" if e.field else "education.degree_related"
    params: dict[str, Any] = {"level": m(f"level.{e.level}"), "completed": e.completed.isoformat()}
    if e.field:
        params["field"] = e.field
    return m(code, **params)


def education(ctx: Context, params: Mapping[str, Any]) -> Finding:
    """docs/rules.md: education, with IFA's alternative of 24 months of experience."""
    options = params["options"]
    held = [e for e in ctx.portfolio.education if e.completed <= ctx.as_of]
    held.sort(key=lambda e: (-LEVEL_RANK[e.level], e.completed, e.ref))
    for e in held:
        if any(_option_met(e, o) for o in options):
            return Finding("education", MET, _describe(e), evidence=(e.ref,))

    wanted = listing("or_each", (_option(o) for o in options))
    best = (
        m("education.highest", degree=_describe(held[0])) if held else m("education.none_recorded")
    )
    experience = params.get("or_experience")
    if experience:
        months, evidence, excluded, _ = count_months(ctx, experience)
        need = float(experience["months"])
        amounts = {"have": shown(months), "need": need, "kinds": _kinds(experience["kinds"])}
        if months + EPSILON >= need:
            message = m("education.experience_met", wanted=wanted, **amounts)
            return Finding("education", MET, message, tuple(evidence), excluded=tuple(excluded))
        message = m(
            "education.experience_unmet",
            wanted=wanted,
            best=best,
            to_go=to_go(need, months),
            **amounts,
        )
        return Finding("education", UNMET, message, tuple(evidence), excluded=tuple(excluded))
    return Finding("education", UNMET, m("education.unmet", wanted=wanted, best=best))
