"""The renewal sweep: one run a day sends the reminders that are due, moves endorsements into
their grace period and lapses those whose grace period is over (`dyad renewals sweep`, the
worker's daily task, `make run` at start).

Set-based: for each association, a handful of statements whatever the number of endorsements
(one SELECT per reminder step, one for grace, one for lapse, then bulk INSERTs and one UPDATE);
no statement per endorsement. Each association is swept in one transaction that first locks its
`RenewalSettings` row, so two sweeps at once (a retried worker task, `make run` and the worker)
take turns, and the second finds every step already recorded.

Idempotent: a step done is a `ReminderSent` row (unique per endorsement, step and period: the
`expires` it is about), and a lapse changes the status the next run selects on; so running it
twice for the same day changes and sends nothing the second time. A run that missed days (the
worker stopped) catches up: each endorsement gets the latest step that is due, once.

The steps of one period, for an association's settings (defaults in brackets):

    before-N   N days or fewer before `expires`, and more than the next step  [90, 30, 7, 0]
    grace      the first day after `expires` (no email: the event and the record)
    grace-N    N days or more after `expires`, fewer than the next step       [30, 60, 85]
    lapsed     more than the grace period (90 days) after `expires`: the status becomes
               lapsed (event `endorsement.lapsed`, the status list bit flips) and the person is
               told how to reinstate
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dyad.accounts.selectors import language_of
from dyad.associations.models import Association
from dyad.associations.tenancy import run_in_scope
from dyad.badges.selectors import endorsements_changed
from dyad.core.mail import send_many
from dyad.core.models import Event
from dyad.credentials.models import Endorsement, grace_days
from dyad.portfolios.standing import ENDORSEMENTS, bump

from .audit_models import Renewal
from .models import (
    DEFAULT_GRACE_REMINDER_DAYS,
    DEFAULT_REMINDER_DAYS,
    ReminderSent,
    RenewalSettings,
    settings_for,
)

ACTIVE = Endorsement.Status.ACTIVE
LAPSED = Endorsement.Status.LAPSED
GRACE = "grace"
LAPSE = "lapsed"
#: Renewals waiting on the association, not the person: no reminder while one is open.
WAITING_ON_STAFF = (Renewal.State.SUBMITTED, Renewal.State.AUDIT)
#: How the lapse reads in the event log (the reason of `endorsement.lapsed`).
LAPSE_REASON = "not renewed within the grace period (renewal sweep)"


def before(days: int) -> str:
    return f"before-{days}"


def in_grace(days: int) -> str:
    return f"grace-{days}"


def kind_label(step: str) -> str:
    """The command line's name of a step (English, like the rest of the operator's output)."""
    if step == GRACE:
        return "entered grace"
    if step == LAPSE:
        return "lapsed"
    side, days = step.split("-")
    if side == "before":
        if days == "0":
            return "reminder on the expiry day"
        return f"reminder {days} days before expiry"
    return f"grace reminder {days} days after expiry"


def _step_order(step: str) -> tuple[int, int]:
    if step == GRACE:
        return (1, 0)
    if step == LAPSE:
        return (3, 0)
    side, days = step.split("-")
    return (0, -int(days)) if side == "before" else (2, int(days))


@dataclass
class SweepResult:
    as_of: date
    dry_run: bool
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        """One line per kind of transition with its count (every kind the associations'
        settings have, zeros included), then the total."""
        lines = [f"{kind_label(s)}: {self.counts[s]}" for s in sorted(self.counts, key=_step_order)]
        suffix = " (dry run: nothing changed, nothing sent)" if self.dry_run else ""
        lines.append(f"total: {self.total}{suffix}")
        return lines


def sweep(as_of: date | None = None, *, dry_run: bool = False) -> SweepResult:
    """Sweep every association for the day `as_of` (today by default)."""
    result = SweepResult(as_of or timezone.localdate(), dry_run)
    defaults = (
        *map(before, DEFAULT_REMINDER_DAYS),
        GRACE,
        *map(in_grace, DEFAULT_GRACE_REMINDER_DAYS),
        LAPSE,
    )
    for step in defaults:
        result.counts[step] += 0
    for association in Association.objects.order_by("pk"):
        with run_in_scope(association):
            if dry_run:
                counts = _sweep_association(association, result.as_of, dry_run=True)
            else:
                with transaction.atomic():
                    counts = _sweep_association(association, result.as_of, dry_run=False)
        result.counts.update(counts)
    return result


def _sweep_association(association, as_of: date, *, dry_run: bool) -> Counter:
    if dry_run:  # the defaults, unsaved, when the association has no settings yet
        setting = RenewalSettings.objects.filter(association=association).first()
        setting = setting or RenewalSettings(association=association)
    else:
        setting = settings_for(association)
    if not dry_run:
        # Sweeps of one association take turns (PostgreSQL; SQLite writes one at a time anyway).
        setting = RenewalSettings.objects.select_for_update().get(pk=setting.pk)
    counts: Counter = Counter()
    for step in (*map(before, setting.reminder_days), *map(in_grace, setting.grace_reminder_days)):
        counts[step] += 0
    # One grace period for every category today (90 days), but the rule allows one per category.
    by_grace: dict[int, list[str]] = {}
    for code, days in grace_days().items():
        by_grace.setdefault(days, []).append(code)
    for days, codes in sorted(by_grace.items()):
        active = Endorsement.objects.filter(association=association, status=ACTIVE)
        if len(by_grace) > 1:
            active = active.filter(category__in=codes)
        sweep_ = _Sweep(association, setting, as_of, days, active, dry_run)
        counts[LAPSE] += sweep_.lapse()
        counts[GRACE] += sweep_.enter_grace()
        for step, count in sweep_.remind().items():
            counts[step] += count
    return counts


def _not_done(step: str):
    return ~Exists(
        ReminderSent.objects.filter(
            endorsement=OuterRef("pk"), step=step, period=OuterRef("expires")
        )
    )


@dataclass
class _Sweep:
    association: Association
    setting: RenewalSettings
    as_of: date
    grace: int
    active: object  # the association's active endorsements (of the categories with this grace)
    dry_run: bool

    # -- lapse ------------------------------------------------------------------------------

    def lapse(self) -> int:
        cutoff = self.as_of - timedelta(days=self.grace)  # expires before this: out of force
        due = self.active.filter(expires__lt=cutoff)
        if self.dry_run:
            return due.count()
        # The rows are locked, so the UPDATE below changes exactly the rows read here (a renewal
        # granted meanwhile waits, then finds the endorsement lapsed).
        rows = list(
            due.select_related("holder")
            .select_for_update(of=("self",))
            .only(*_FIELDS, *_HOLDER_FIELDS)
            .order_by("pk")
        )
        if not rows:
            return 0
        _insert_events(due, "endorsement.lapsed", ACTIVE, LAPSED, LAPSE_REASON)
        self._record(due, LAPSE)
        due.update(status=LAPSED)
        self._mail([e for e in rows if _reachable(e)], LAPSE)
        # What the post_save receivers of Endorsement do for a save (a bulk UPDATE sends no
        # signal): the status list's bits are computed again, and so are cached standings.
        association_id = self.association.pk
        endorsements_changed(association_id)
        transaction.on_commit(lambda: endorsements_changed(association_id))
        bump(ENDORSEMENTS)
        return len(rows)

    # -- grace ------------------------------------------------------------------------------

    def enter_grace(self) -> int:
        due = self.active.filter(
            expires__gte=self.as_of - timedelta(days=self.grace), expires__lt=self.as_of
        ).filter(_not_done(GRACE))
        if self.dry_run:
            return due.count()
        # Nobody is written to: the event and the record go in straight from the rows (two
        # INSERT ... SELECT), with nothing read into Python.
        count = _insert_events(due, "renewal.grace_started", ACTIVE, ACTIVE, "")
        self._record(due, GRACE)
        return count

    # -- reminders --------------------------------------------------------------------------

    def remind(self) -> Counter:
        """Each reminder step's window: before expiry, from N days before down to the next
        step (exclusive); in grace, from N days after up to the next step (exclusive) or the
        end of the grace period. An endorsement gets the one step whose window it is in, once."""
        counts: Counter = Counter()
        days_before = sorted({d for d in self.setting.reminder_days}, reverse=True)
        for i, days in enumerate(days_before):
            following = days_before[i + 1] if i + 1 < len(days_before) else -1
            window = Q(
                expires__lte=self.as_of + timedelta(days=days),
                expires__gt=self.as_of + timedelta(days=following),
            )
            counts[before(days)] = self._send(before(days), window)
        days_after = sorted({d for d in self.setting.grace_reminder_days if 0 < d <= self.grace})
        for i, days in enumerate(days_after):
            following = days_after[i + 1] if i + 1 < len(days_after) else self.grace + 1
            window = Q(
                expires__lte=self.as_of - timedelta(days=days),
                expires__gt=self.as_of - timedelta(days=following),
            )
            counts[in_grace(days)] = self._send(in_grace(days), window)
        return counts

    def _send(self, step: str, window: Q) -> int:
        waiting = Renewal.objects.filter(
            endorsement=OuterRef("pk"),
            period_expires=OuterRef("expires"),
            state__in=WAITING_ON_STAFF,
        )
        due = (
            self.active.filter(window, holder__isnull=False, holder__is_active=True)
            .filter(_not_done(step))
            .exclude(Exists(waiting))
        )
        if self.dry_run:
            return due.count()
        # Locked, so the records written next (from the same query) are of exactly these rows;
        # an erased person is inactive, so everyone read here can be written to.
        rows = list(
            due.select_related("holder")
            .select_for_update(of=("self",))
            .only(*_FIELDS, *_HOLDER_FIELDS)
            .order_by("pk")
        )
        if rows:
            self._record(due, step)
            self._mail(rows, step)
        return len(rows)

    # -- records and mail -------------------------------------------------------------------

    def _record(self, due, step: str) -> int:
        """The step done for each endorsement of `due` (one INSERT ... SELECT)."""
        table = ReminderSent._meta.db_table
        return _insert_select(
            f"INSERT INTO {table} (association_id, endorsement_id, step, period, sent_on, "
            f"created_at) SELECT e.association_id, e.id, %s, e.expires, %s, %s",
            [step, _date_param(self.as_of), _now_param()],
            due,
        )

    def _mail(self, rows: list[Endorsement], step: str) -> None:
        send_many(_Letters(self.association, self.as_of, self.grace).write(rows, step))


_FIELDS = ("id", "association_id", "number", "category", "expires", "status", "holder_id")
_HOLDER_FIELDS = (
    "holder__email",
    "holder__display_name",
    "holder__first_name",
    "holder__last_name",
    "holder__language",
    "holder__is_active",
)


def _reachable(endorsement: Endorsement) -> bool:
    holder = endorsement.holder
    return holder is not None and holder.is_active and not holder.is_erased


def _date_param(value: date):
    return connection.ops.adapt_datefield_value(value)


def _now_param():
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _insert_select(insert: str, params: list, due) -> int:
    """Run `insert` (an INSERT ... SELECT over `e`, the endorsements) for the rows of the
    queryset `due`; the number of rows written."""
    ids_sql, ids_params = due.order_by().values("pk").query.sql_with_params()
    table = Endorsement._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"{insert} FROM {table} e WHERE e.id IN ({ids_sql})", [*params, *ids_params])
        return cursor.rowcount


def _insert_events(due, verb: str, from_state: str, to_state: str, reason: str) -> int:
    """The rows `record_event` would write for each endorsement of `due` (`data`: its number,
    category and expiry), in one INSERT ... SELECT."""
    if connection.vendor == "postgresql":
        data = (
            "jsonb_build_object('number', e.number, 'category', e.category, "
            "'expires', to_char(e.expires, 'YYYY-MM-DD'))"
        )
    else:
        data = "json_object('number', e.number, 'category', e.category, 'expires', e.expires)"
    return _insert_select(
        f"INSERT INTO {Event._meta.db_table} (created_at, association_id, subject_type, "
        "subject_id, verb, from_state, to_state, reason, data) "
        f"SELECT %s, e.association_id, %s, CAST(e.id AS TEXT), %s, %s, %s, %s, {data}",
        [_now_param(), Endorsement._meta.label_lower, verb, from_state, to_state, reason],
        due,
    )


class _Letters:
    """The sweep's emails, each in its recipient's language. Built from translated sentences
    rather than a template: a first sweep at 100,000 endorsements writes tens of thousands, and
    a template costs a hundred times more per message (benchmarks/renewals.py). People are taken
    language by language: each language is switched to once, its sentences translated once,
    each date written once."""

    def __init__(self, association, as_of: date, grace: int):
        self.association = association
        self.as_of = as_of
        self.grace = grace
        site = settings.SITE_URL.rstrip("/")
        self.renew_url = site + reverse("renewals:mine")
        self.apply_url = site + reverse("applications:start")

    def write(self, rows: list[Endorsement], step: str) -> list[EmailMessage]:
        messages = []
        by_language: dict[str, list[Endorsement]] = {}
        for endorsement in rows:
            by_language.setdefault(language_of(endorsement.holder), []).append(endorsement)
        for language, people in by_language.items():
            with translation.override(language):
                texts = self._texts()
                days: dict[date, str] = {}

                def day(value: date, days=days) -> str:
                    if value not in days:
                        days[value] = formats.date_format(value, "DATE_FORMAT")
                    return days[value]

                messages += [self._one(e, step, texts, day) for e in people]
        return messages

    def _texts(self) -> dict[str, str]:
        """The sentences of every letter, in the active language."""
        return {
            "hello": _("Hello %(name)s,"),
            "signature": _("Dyad, for %(association)s") % {"association": self.association.name},
            "lapsed_subject": _("Your %(category)s endorsement has lapsed: how to reinstate it"),
            "lapsed": _(
                "Your %(category)s endorsement (%(number)s) expired on %(date)s and was not "
                "renewed within the grace period, so it lapsed on %(lapsed_on)s. It is no "
                "longer listed in the registry; anyone who checks its number sees that it "
                "lapsed on that date."
            ),
            "reinstate": "\n".join(
                [
                    _("How to reinstate it:"),
                    _(
                        "- Apply again for %(category)s with the same association. The "
                        "application carries over the rest of your portfolio: it asks only for "
                        "what you did since the lapse (training, work, reflective "
                        "supervision/consultation)."
                    ),
                    _("- Name three new references, who rate you again."),
                    _("- Pay the processing fee."),
                ]
            ),
            "grace_subject": _(
                "Your %(category)s endorsement has expired: renew it by %(last_day)s"
            ),
            "grace": _(
                "Your %(category)s endorsement (%(number)s) expired on %(date)s. It is in its "
                "grace period: it still counts until %(last_day)s. If it is not renewed by "
                "then, it lapses and leaves the registry."
            ),
            "today_subject": _("Your %(category)s endorsement expires today: renew it"),
            "today": _(
                "Your %(category)s endorsement (%(number)s) expires today. Renew it now: "
                "after today it still counts during a grace period, until %(last_day)s."
            ),
            "soon_subject": _("Your %(category)s endorsement expires on %(date)s: renew it"),
            "how": _(
                "To renew, sign in and open your renewal: it shows what the renewal asks of "
                "you and what is still missing, and you can add it to your portfolio, sign "
                "the agreements, pay the fee and submit."
            ),
        }

    def _one(self, endorsement: Endorsement, step: str, texts: dict, day) -> EmailMessage:
        person = endorsement.holder
        last_day = endorsement.expires + timedelta(days=self.grace)
        left = (endorsement.expires - self.as_of).days
        values = {
            "name": person.name,
            "category": endorsement.category,
            "number": endorsement.number,
            "date": day(endorsement.expires),
            "last_day": day(last_day),
            "lapsed_on": day(last_day + timedelta(days=1)),
            "days": left,
        }
        if step == LAPSE:
            subject, text, link = texts["lapsed_subject"], [texts["lapsed"]], self.apply_url
            text.append(texts["reinstate"])
        else:
            link = self.renew_url
            if left < 0:
                subject, text = texts["grace_subject"], [texts["grace"]]
            elif left == 0:
                subject, text = texts["today_subject"], [texts["today"]]
            else:
                subject = texts["soon_subject"]
                text = [
                    ngettext(
                        "Your %(category)s endorsement (%(number)s) expires on %(date)s, in "
                        "%(days)s day.",
                        "Your %(category)s endorsement (%(number)s) expires on %(date)s, in "
                        "%(days)s days.",
                        left,
                    )
                ]
            text.append(texts["how"])
        paragraphs = [p % values for p in (texts["hello"], *text)]
        body = "\n\n".join([*paragraphs, link, texts["signature"]]) + "\n"
        return EmailMessage(subject % values, body, None, [person.email])
