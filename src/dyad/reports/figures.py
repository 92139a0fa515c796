"""The figures of the reports: each a small table of numbers computed in a fixed number of
queries, whatever the association's size (aggregates in the database, or one pass over one
query's rows in Python where a median needs the single values).

Every function takes `association`: one association (the caller is in its scope: an
`association_view`) or None for every association at once (the Alliance's pages, which run with
scopes disabled and show aggregates only). No figure carries a person's name.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dyad.applications import states
from dyad.applications.models import Application
from dyad.core.models import Event
from dyad.credentials.models import Endorsement
from dyad.exams.scoring_models import Result
from dyad.standards.codes import CATEGORIES

APPLICATION = "applications.application"
ENDORSEMENT = "credentials.endorsement"
#: the events that move an application from one state to another (not fees or references)
STATE_VERBS = frozenset(
    {"application.started"} | {f"application.{m.verb}" for m in states.MOVES.values()}
)
MONTHS = 12
#: renewals due are counted this many days ahead in the summary
DUE_SOON_DAYS = 90


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[Any, ...]
    key: str = ""  # the machine value behind the label (a state, a category, a month)
    link: str = ""


@dataclass(frozen=True)
class Figure:
    slug: str
    title: str
    label_heading: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    #: which value columns the chart draws as bars (the others are in the table only)
    bars: tuple[int, ...] = (0,)
    link: str = ""
    link_text: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not any(row.values[i] for row in self.rows for i in self.bars)

    def with_links(self, link: str, link_text: str, row_link=None) -> Figure:
        rows = self.rows
        if row_link is not None:
            rows = tuple(
                Row(r.label, r.values, r.key, row_link(r.key) if r.key else "") for r in rows
            )
        return Figure(
            self.slug,
            self.title,
            self.label_heading,
            self.columns,
            rows,
            self.bars,
            link,
            link_text,
            self.notes,
        )


def _mine(rows, association):
    return rows if association is None else rows.filter(association=association)


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _days(start, end) -> float:
    return (end - start).total_seconds() / 86400


def _months(today: date, count: int = MONTHS, ahead: bool = False) -> list[date]:
    """The first days of `count` months ending with this one (or starting with it, `ahead`)."""
    first = today.replace(day=1)
    out = []
    for _i in range(count):
        out.append(first)
        if ahead:
            first = (first + timedelta(days=32)).replace(day=1)
        else:
            first = (first - timedelta(days=1)).replace(day=1)
    return out if ahead else out[::-1]


def _month_label(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def _month_start(value) -> date:
    """TruncMonth gives a date for a date column and an aware datetime for a datetime one."""
    if hasattr(value, "hour"):
        return timezone.localtime(value).date().replace(day=1)
    return value.replace(day=1)


# -- the event log's state moves: days spent in each state, and the cycle time ------------------


@dataclass
class Stays:
    """How long applications stayed in each state (stays that ended), and the cycle time from
    the first submission to the decision, per association id."""

    days: dict[int, dict[str, list[float]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    cycle: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))


def stays(association=None) -> Stays:
    """One query over the `application.*` events that move a state, oldest first."""
    found = Stays()
    events = (
        _mine(Event.objects.all(), association)
        .filter(subject_type=APPLICATION, verb__in=sorted(STATE_VERBS))
        .exclude(to_state="")
        .order_by("subject_id", "created_at", "id")
        .values_list("association_id", "subject_id", "to_state", "created_at")
    )
    current: str | None = None
    state = entered = submitted = None
    for association_id, subject, to_state, at in events.iterator(chunk_size=5000):
        if subject != current:
            current, state, entered, submitted = subject, None, None, None
        if state is not None and entered is not None:
            found.days[association_id][state].append(_days(entered, at))
        if to_state == states.SUBMITTED and submitted is None:
            submitted = at
        if to_state in (states.ENDORSED, states.DENIED) and submitted is not None:
            found.cycle[association_id].append(_days(submitted, at))
        state, entered = to_state, at
    return found


def _state_days(found: Stays, association) -> dict[str, list[float]]:
    """Days of each state's stays for one association, or for every association together."""
    if association is not None:
        return found.days.get(association.pk, {})
    merged: dict[str, list[float]] = defaultdict(list)
    for per_state in found.days.values():
        for state, values in per_state.items():
            merged[state].extend(values)
    return merged


def _cycle(found: Stays, association) -> list[float]:
    if association is not None:
        return found.cycle.get(association.pk, [])
    return [v for values in found.cycle.values() for v in values]


def _since(month: date):
    return timezone.make_aware(datetime.combine(month, time.min))


# -- the figures --------------------------------------------------------------------------------


def by_state(association=None, found: Stays | None = None) -> Figure:
    """Applications in each state now, and the median days a stay in that state lasted."""
    found = found or stays(association)
    counts = dict(
        _mine(Application.objects.all(), association)
        .order_by()
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    days = _state_days(found, association)
    ball = {states.APPLICANT: _("the applicant"), states.COORDINATOR: _("the association")}
    rows = tuple(
        Row(
            str(label),
            (counts.get(value, 0), _median(days.get(value, [])), ball.get(states.BALL.get(value))),
            key=value,
        )
        for value, label in Application.State.choices
    )
    cycle = _cycle(found, association)
    notes = (
        _("Median days from the first submission to the decision: %(days)s (%(n)s decisions).")
        % {"days": _median(cycle) if cycle else "—", "n": len(cycle)},
        _(
            "Days in a state count stays that have ended; an application still there is "
            "not yet counted."
        ),
    )
    return Figure(
        "states",
        _("Applications by state"),
        _("State"),
        (_("Applications"), _("Median days in the state"), _("Who acts next")),
        rows,
        notes=notes,
    )


def ball(association=None) -> Figure:
    """Open applications by who is expected to act next (`applications.states.BALL`); in
    review, the reviewers until enough have recommended, then the coordinator."""
    rows = (
        _mine(Application.objects.all(), association)
        .filter(state__in=sorted(states.OPEN))
        .order_by()
        .annotate(done=Count("assignments", filter=Q(assignments__state="done")))
        .values_list("state", "done", "association__reviewers_per_application")
    )
    held: Counter[str] = Counter()
    for state, done, wanted in rows.iterator(chunk_size=5000):
        if state == states.IN_REVIEW and done < wanted:
            held["reviewers"] += 1
        else:
            held[states.BALL[state]] += 1
    words = (
        (states.APPLICANT, _("The applicant")),
        ("reviewers", _("The reviewers")),
        (states.COORDINATOR, _("The coordinator")),
    )
    return Figure(
        "ball",
        _("Who acts next on open applications"),
        _("Who"),
        (_("Applications"),),
        tuple(Row(str(label), (held[key],), key=key) for key, label in words),
    )


def per_month(association=None, today: date | None = None) -> Figure:
    """Applications received (first submissions, from the event log) and endorsements granted,
    per month over the last twelve months."""
    today = today or timezone.localdate()
    months = _months(today)
    since = _since(months[0])
    received = Counter()
    for month, n in (
        _mine(Event.objects.all(), association)
        .filter(subject_type=APPLICATION, verb="application.submitted", created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    ):
        received[_month_start(month)] += n
    granted = Counter()
    for month, n in (
        _mine(Endorsement.objects.all(), association)
        .filter(granted__gte=months[0], granted__lte=today)
        .annotate(month=TruncMonth("granted"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    ):
        granted[_month_start(month)] += n
    return Figure(
        "months",
        _("Applications and endorsements per month"),
        _("Month"),
        (_("Applications received"), _("Endorsements granted")),
        tuple(
            Row(_month_label(m), (received[m], granted[m]), key=m.isoformat()[:7]) for m in months
        ),
        bars=(0, 1),
    )


def by_category(association=None, today: date | None = None) -> Figure:
    """Endorsements in force today (`Endorsement.objects.current()`), lapsed and revoked, by
    category."""
    in_force = dict(
        _mine(Endorsement.objects.current(on=today), association)
        .order_by()
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    stored: dict[tuple[str, str], int] = dict(
        ((category, status), n)
        for category, status, n in _mine(Endorsement.objects.all(), association)
        .order_by()
        .values_list("category", "status")
        .annotate(n=Count("id"))
        .values_list("category", "status", "n")
    )
    return Figure(
        "categories",
        _("Endorsements by category"),
        _("Category"),
        (_("In force"), _("Lapsed"), _("Revoked")),
        tuple(
            Row(
                code,
                (
                    in_force.get(code, 0),
                    stored.get((code, Endorsement.Status.LAPSED), 0),
                    stored.get((code, Endorsement.Status.REVOKED), 0),
                ),
                key=code,
            )
            for code in CATEGORIES
        ),
    )


def renewals(association=None, today: date | None = None) -> Figure:
    """Active endorsements by the month they expire (renewal due), from today to the end of the
    eleventh month ahead; the notes count those in their grace period and those past it not yet
    recorded as lapsed."""
    today = today or timezone.localdate()
    months = _months(today, ahead=True)
    end = (months[-1] + timedelta(days=32)).replace(day=1)
    due = Counter()
    rows = (
        _mine(Endorsement.objects.all(), association)
        .filter(status=Endorsement.Status.ACTIVE, expires__gte=today, expires__lt=end)
        .annotate(month=TruncMonth("expires"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    for month, n in rows:
        due[_month_start(month)] += n
    active = _mine(Endorsement.objects.all(), association).filter(status=Endorsement.Status.ACTIVE)
    current = _mine(Endorsement.objects.current(on=today), association)
    summary = active.aggregate(
        soon=Count(
            "id", filter=Q(expires__gte=today, expires__lte=today + timedelta(DUE_SOON_DAYS))
        ),
        expired=Count("id", filter=Q(expires__lt=today)),
    )
    in_grace = current.filter(expires__lt=today).count()
    past = summary["expired"] - in_grace
    return Figure(
        "renewals",
        _("Renewals due"),
        _("Month the endorsement expires"),
        (_("Endorsements"),),
        tuple(Row(_month_label(m), (due[m],), key=m.isoformat()[:7]) for m in months),
        notes=(
            _("Due in the next %(days)s days: %(n)s.")
            % {"days": DUE_SOON_DAYS, "n": summary["soon"]},
            _("Expired and in their grace period now: %(n)s.") % {"n": in_grace},
            _("Past their grace period but not yet recorded as lapsed: %(n)s.") % {"n": past},
        ),
    )


def lapses(association=None, today: date | None = None) -> Figure:
    """Endorsements recorded as lapsed (`endorsement.lapsed` events) per month, last 12 months."""
    today = today or timezone.localdate()
    months = _months(today)
    since = _since(months[0])
    counted = Counter()
    for month, n in (
        _mine(Event.objects.all(), association)
        .filter(subject_type=ENDORSEMENT, verb="endorsement.lapsed", created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .order_by()
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    ):
        counted[_month_start(month)] += n
    return Figure(
        "lapses",
        _("Lapses per month"),
        _("Month"),
        (_("Endorsements lapsed"),),
        tuple(Row(_month_label(m), (counted[m],), key=m.isoformat()[:7]) for m in months),
    )


def _exam_counts(group: str, association=None) -> dict[tuple[Any, bool], int]:
    """Scored sittings by `group` (a field reached from the result) and pass or fail: one
    grouped query over the exam results (`dyad.exams.scoring_models.Result`)."""
    return {
        (key, passed): n
        for key, passed, n in _mine(Result.objects.all(), association)
        .order_by()
        .values_list(group, "passed")
        .annotate(n=Count("id"))
        .values_list(group, "passed", "n")
    }


def _rate(passed: int, failed: int) -> float | None:
    return round(100 * passed / (passed + failed), 1) if passed + failed else None


def exam_results(association=None) -> Figure:
    """Exam pass rates by category (the category of the sitting's form), read from the exam
    results: one row per category with a scored sitting. Every scored sitting counts, so a
    candidate who failed and sat the exam again is counted once per sitting; a sitting still
    being scored has no result yet and is not counted. One query."""
    counted = _exam_counts("sitting__window__form__category", association)
    rows = []
    for code in CATEGORIES:
        passed, failed = counted.get((code, True), 0), counted.get((code, False), 0)
        if passed or failed:
            rows.append(Row(code, (_rate(passed, failed), passed, failed), key=code))
    return Figure(
        "exams",
        _("Exam pass rates"),
        _("Category"),
        (_("Pass rate (%)"), _("Passed"), _("Not passed")),
        tuple(rows),
        notes=(
            _(
                "Counted from the exam results: every scored sitting counts, so a candidate "
                "who sat the exam again is counted once for each sitting."
            ),
        ),
    )


def association_state(association) -> str:
    """The state the association works in: the one most of its endorsements name (one query)."""
    found = (
        Endorsement.objects.filter(association=association)
        .exclude(state="")
        .order_by()
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by("-n", "state")
        .values_list("state", flat=True)
        .first()
    )
    return (found or "").upper()


@dataclass(frozen=True)
class CountyCounts:
    state: str
    #: county_key -> category -> endorsements in force
    counts: dict[str, dict[str, int]]
    #: the county names as stored, by key (for counties the atlas does not know)
    names: dict[str, str]
    elsewhere: int  # in force with another state, or none recorded


def by_county(association, state: str, category: str = "", today: date | None = None):
    """Endorsements in force by county of `state`, per category (one query)."""
    rows = _mine(Endorsement.objects.current(on=today), association)
    if category:
        rows = rows.filter(category=category)
    counts: dict[str, dict[str, int]] = defaultdict(Counter)
    names: dict[str, str] = {}
    elsewhere = 0
    for row_state, key, county, code, n in (
        rows.order_by()
        .values_list("state", "county_key", "county", "category")
        .annotate(n=Count("id"))
        .values_list("state", "county_key", "county", "category", "n")
    ):
        if (row_state or "").upper() != state or not key:
            elsewhere += n
            continue
        counts[key][code] += n
        names.setdefault(key, county)
    return CountyCounts(state, {k: dict(v) for k, v in counts.items()}, names, elsewhere)


# -- the Alliance's comparison ------------------------------------------------------------------


def cycle_comparison(associations, found: Stays) -> Figure:
    """Per association: decisions, the median days from first submission to decision, and the
    median days a stay in review lasted (aggregates only)."""
    rows = []
    for association in associations:
        cycle = found.cycle.get(association.pk, [])
        review = found.days.get(association.pk, {}).get(states.IN_REVIEW, [])
        waiting = found.days.get(association.pk, {}).get(states.SUBMITTED, [])
        rows.append(
            Row(
                association.name,
                (_median(cycle), len(cycle), _median(waiting), _median(review)),
                key=association.slug,
            )
        )
    return Figure(
        "cycle",
        _("Cycle times by association"),
        _("Association"),
        (
            _("Median days, submission to decision"),
            _("Decisions"),
            _("Median days waiting for review"),
            _("Median days in review"),
        ),
        tuple(rows),
    )


def by_association(associations, today: date | None = None) -> Figure:
    """Per association, side by side: applications received in the last twelve months,
    endorsements in force, renewals due in the next 90 days, lapses in the last twelve months,
    and the exam pass rate (every scored sitting, as `exam_results`). Five queries."""
    today = today or timezone.localdate()
    since = _since(_months(today)[0])

    def per(rows) -> dict[int, int]:
        return dict(
            rows.order_by()
            .values_list("association_id")
            .annotate(n=Count("id"))
            .values_list("association_id", "n")
        )

    received = per(
        Event.objects.filter(
            subject_type=APPLICATION, verb="application.submitted", created_at__gte=since
        )
    )
    in_force = per(Endorsement.objects.current(on=today))
    due = per(
        Endorsement.objects.filter(
            status=Endorsement.Status.ACTIVE,
            expires__gte=today,
            expires__lte=today + timedelta(DUE_SOON_DAYS),
        )
    )
    lapsed = per(
        Event.objects.filter(
            subject_type=ENDORSEMENT, verb="endorsement.lapsed", created_at__gte=since
        )
    )
    exams = _exam_counts("association_id")
    rows = []
    for association in associations:
        passed = exams.get((association.pk, True), 0)
        failed = exams.get((association.pk, False), 0)
        rows.append(
            Row(
                association.name,
                (
                    in_force.get(association.pk, 0),
                    received.get(association.pk, 0),
                    due.get(association.pk, 0),
                    lapsed.get(association.pk, 0),
                    _rate(passed, failed),
                ),
                key=association.slug,
            )
        )
    return Figure(
        "associations",
        _("Associations side by side"),
        _("Association"),
        (
            _("Endorsements in force"),
            _("Applications received, last 12 months"),
            _("Renewals due in 90 days"),
            _("Lapses, last 12 months"),
            _("Exam pass rate (%)"),
        ),
        tuple(rows),
    )


def dashboard(association=None, today: date | None = None) -> list[Figure]:
    """Every figure of the dashboard, in the order shown (links added by the view)."""
    found = stays(association)
    return [
        by_state(association, found),
        ball(association),
        per_month(association, today),
        by_category(association, today),
        renewals(association, today),
        lapses(association, today),
        exam_results(association),
    ]
