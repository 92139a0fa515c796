"""Reads of the coordinator's renewals dashboard: who is due this month, in grace, lapsed, and
whose audit is pending, with counts. A fixed number of queries whatever the number of
endorsements: the four counts in two, a page of rows in two (its count and the rows, with the
last reminder and the renewal's state as subqueries)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dyad.credentials.models import Endorsement, grace_days, search_key

from .audit_models import Renewal
from .models import ReminderSent

DUE, GRACE, LAPSED, AUDIT = "due", "grace", "lapsed", "audit"
GROUPS = {
    DUE: gettext_lazy("Due this month"),
    GRACE: gettext_lazy("In grace"),
    LAPSED: gettext_lazy("Lapsed"),
    AUDIT: gettext_lazy("Audit pending"),
}
PAGE_SIZE = 50
ACTIVE = Endorsement.Status.ACTIVE


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _by_grace() -> dict[int, list[str]]:
    groups: dict[int, list[str]] = {}
    for code, days in grace_days().items():
        groups.setdefault(days, []).append(code)
    return groups


def _per_grace(condition) -> Q:
    """`condition(grace days)`, for the categories with that grace period (one condition
    without naming categories when every category has the same period, as today)."""
    groups = _by_grace()
    if len(groups) == 1:
        (days,) = groups
        return condition(days)
    q = Q()
    for days, codes in groups.items():
        q |= condition(days) & Q(category__in=codes)
    return q


def _grace_q(today: date) -> Q:
    """Active, past `expires` and still in the category's grace period."""
    return Q(status=ACTIVE) & _per_grace(
        lambda days: Q(expires__lt=today, expires__gte=today - timedelta(days=days))
    )


def _lapsed_q(today: date) -> Q:
    """Recorded as lapsed, or past the grace period and not yet swept (it reads as lapsed)."""
    out_of_force = _per_grace(lambda days: Q(expires__lt=today - timedelta(days=days)))
    return Q(status=Endorsement.Status.LAPSED) | (Q(status=ACTIVE) & out_of_force)


def _due_q(today: date, month: date) -> Q:
    """Active and expiring in `month`, not before today (those are in grace)."""
    first, last = month_bounds(month)
    return Q(status=ACTIVE, expires__gte=max(first, today), expires__lte=last)


def counts(association, today: date, month: date) -> dict[str, int]:
    """The four groups' sizes (two queries)."""
    result = Endorsement.objects.filter(association=association).aggregate(
        due=Count("pk", filter=_due_q(today, month)),
        grace=Count("pk", filter=_grace_q(today)),
        lapsed=Count("pk", filter=_lapsed_q(today)),
    )
    result[AUDIT] = Renewal.objects.filter(
        association=association, state=Renewal.State.AUDIT
    ).count()
    return result


def endorsements(association, group: str, today: date, month: date, category="", q=""):
    """The rows of one group (due, grace or lapsed), with the last reminder step done for the
    period and the state of its renewal, if one was started."""
    where = {DUE: _due_q(today, month), GRACE: _grace_q(today), LAPSED: _lapsed_q(today)}[group]
    rows = Endorsement.objects.filter(where, association=association)
    if category:
        rows = rows.filter(category=category)
    if q:
        rows = rows.filter(Q(search_key__contains=search_key(q)) | Q(number__iexact=q.strip()))
    reminders = ReminderSent.objects.filter(
        endorsement=OuterRef("pk"), period=OuterRef("expires")
    ).order_by("-sent_on", "-pk")
    renewal = Renewal.objects.filter(endorsement=OuterRef("pk"), period_expires=OuterRef("expires"))
    order = ("-expires", "search_key", "pk") if group == LAPSED else ("expires", "search_key", "pk")
    return (
        rows.annotate(
            last_step=Subquery(reminders.values("step")[:1]),
            last_sent_on=Subquery(reminders.values("sent_on")[:1]),
            renewal_state=Subquery(renewal.values("state")[:1]),
        )
        .only("pk", "holder_name", "number", "category", "expires", "status")
        .order_by(*order)
    )


def audits(association, category="", q=""):
    """Renewals drawn for audit and not yet decided, the longest waiting first."""
    rows = Renewal.objects.filter(association=association, state=Renewal.State.AUDIT)
    if category:
        rows = rows.filter(endorsement__category=category)
    if q:
        rows = rows.filter(
            Q(endorsement__search_key__contains=search_key(q))
            | Q(endorsement__number__iexact=q.strip())
        )
    return (
        rows.select_related("endorsement")
        .annotate(evidence_count=Count("evidence"))
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class Row:
    """One line of the dashboard, in plain words."""

    name: str
    number: str
    category: str
    expires: date
    when: str
    reminder: str
    renewal: str
    audit_pk: int | None = None


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def step_label(step: str | None) -> str:
    """A reminder step (ReminderSent.step) as a coordinator reads it."""
    if not step:
        return ""
    if step == "grace":
        return _("grace period began")
    if step == "lapsed":
        return _("lapse notice")
    side, days = step.split("-")
    if side == "before":
        if days == "0":
            return _("reminder on the expiry day")
        return _("reminder %(days)s days before") % {"days": days}
    return _("reminder %(days)s days into grace") % {"days": days}


def describe(endorsement, group: str, today: date) -> Row:
    last_day = endorsement.last_day_in_force()
    if group == DUE:
        left = (endorsement.expires - today).days
        when = _("today") if left == 0 else _("in %(n)s days") % {"n": left}
    elif group == GRACE:
        when = _("%(n)s days left of grace") % {"n": (last_day - today).days + 1}
    else:
        when = _("lapsed on %(date)s") % {"date": _day(last_day + timedelta(days=1))}
    reminder = step_label(endorsement.last_step)
    if reminder:
        reminder = f"{reminder}, {_day(endorsement.last_sent_on)}"
    state = endorsement.renewal_state
    return Row(
        name=endorsement.holder_name,
        number=endorsement.number,
        category=endorsement.category,
        expires=endorsement.expires,
        when=when,
        reminder=reminder,
        renewal=str(Renewal.State(state).label) if state else _("not started"),
    )


def describe_audit(renewal: Renewal, today: date) -> Row:
    e = renewal.endorsement
    waiting = (today - renewal.submitted_at.date()).days if renewal.submitted_at else 0
    return Row(
        name=e.holder_name,
        number=e.number,
        category=e.category,
        expires=renewal.period_expires,
        when=_("waiting %(n)s days") % {"n": waiting},
        reminder=_("%(n)s files of evidence") % {"n": renewal.evidence_count},
        renewal=str(renewal.get_state_display()),
        audit_pk=renewal.pk,
    )
