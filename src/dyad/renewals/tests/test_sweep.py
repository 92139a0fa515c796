"""The renewal sweep: each transition on its day, never twice, and the same answer on a rerun.

Every date is relative to today, so the tests pass on any day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import formats, timezone, translation
from django_scopes import scopes_disabled

from dyad.associations.tenancy import run_in_scope
from dyad.core.events import describe
from dyad.core.models import Event, OutboundEmail
from dyad.credentials.models import Endorsement
from dyad.renewals.models import (
    ReminderSent,
    RenewalSettings,
    same_day_in_year,
    settings_for,
)
from dyad.renewals.sweep import sweep
from dyad.testing.factories import make_association, make_endorsement, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def endorsed(association, days_past_expiry: int, **extra):
    """An active endorsement whose holder can be written to, `days_past_expiry` days after its
    `expires` today (negative: before it)."""
    person = make_user(display_name=extra.pop("name", "Rosa Renewer"))
    return make_endorsement(
        association,
        person.display_name,
        holder=person,
        expires=TODAY - timedelta(days=days_past_expiry),
        **extra,
    )


def outbox(association=None) -> list[OutboundEmail]:
    rows = OutboundEmail.objects.order_by("pk")
    if association is not None:
        rows = rows.filter(association=association)
    return list(rows)


def status(endorsement) -> str:
    with scopes_disabled():
        return Endorsement.objects.get(pk=endorsement.pk).status


def events(verb: str) -> list[Event]:
    with scopes_disabled():
        return list(Event.objects.filter(verb=verb))


@pytest.fixture
def association():
    return make_association("alpha")


def test_an_endorsement_lapses_only_when_more_than_90_days_past_its_expiry(association):
    at_89 = endorsed(association, 89)
    at_90 = endorsed(association, 90)
    at_91 = endorsed(association, 91)
    result = sweep()
    assert result.counts["lapsed"] == 1
    assert (status(at_89), status(at_90), status(at_91)) == ("active", "active", "lapsed")
    [event] = events("endorsement.lapsed")
    assert event.subject_id == str(at_91.pk)
    assert (event.from_state, event.to_state) == ("active", "lapsed")
    assert event.data["number"] == at_91.number


def test_the_lapsed_person_is_told_how_to_reinstate(association):
    lapsing = endorsed(association, 91, name="Lena Lapsed")
    sweep()
    [message] = [m for m in outbox() if lapsing.holder.email in m.to]
    assert "lapsed" in message.subject
    assert lapsing.number in message.body
    assert "Apply again for IMHS" in message.body
    assert "three new references" in message.body
    assert "processing fee" in message.body
    assert "/applications/start/" in message.body
    assert message.association_id == association.pk


def test_a_lapse_flips_the_status_list_bit_at_once(association):
    from dyad.badges.selectors import _version_key

    endorsed(association, 91)
    cache.set(_version_key(association.pk), "before the sweep", None)
    sweep()
    assert cache.get(_version_key(association.pk)) != "before the sweep"


def test_the_day_after_expiry_starts_the_grace_period_without_an_email(association):
    expired_yesterday = endorsed(association, 1)
    expires_today = endorsed(association, 0)
    result = sweep()
    assert result.counts["grace"] == 1
    [event] = events("renewal.grace_started")
    assert event.subject_id == str(expired_yesterday.pk)
    assert describe(event) == (
        f"Endorsement {expired_yesterday.number} (IMHS) expired on "
        f"{expired_yesterday.expires.isoformat()}: in its grace period"
    )
    assert status(expired_yesterday) == "active"  # in force until its grace period ends
    subjects = [m.subject for m in outbox()]
    assert subjects == ["Your IMHS endorsement expires today: renew it"]
    assert expires_today.holder.email in outbox()[0].to


def test_reminders_and_transitions_each_come_on_their_own_day(association):
    """One endorsement, swept every day from 100 days before its expiry to 95 after."""
    one = endorsed(association, 0)
    expires = one.expires
    done = {}
    for offset in range(-100, 96):
        before = len(outbox())
        result = sweep(expires + timedelta(days=offset))
        for step, count in result.counts.items():
            if count:
                done.setdefault(step, []).append(offset)
        assert len(outbox()) - before == (
            result.total - result.counts["grace"]  # entering grace sends no email
        )
    assert done == {
        "before-90": [-90],
        "before-30": [-30],
        "before-7": [-7],
        "before-0": [0],
        "grace": [1],
        "grace-30": [30],
        "grace-60": [60],
        "grace-85": [85],
        "lapsed": [91],
    }
    assert status(one) == "lapsed"


def test_a_run_that_missed_days_sends_the_latest_step_once(association):
    """The worker was stopped: 40 days before expiry nothing was sent yet, so the 90-day
    reminder goes now; the 30-day one still comes on its day."""
    late = endorsed(association, -40)
    assert sweep().counts["before-90"] == 1
    assert sweep(TODAY + timedelta(days=5)).total == 0
    assert sweep(TODAY + timedelta(days=10)).counts["before-30"] == 1
    with scopes_disabled():
        assert set(
            ReminderSent.objects.filter(endorsement=late).values_list("step", flat=True)
        ) == {
            "before-90",
            "before-30",
        }


def test_a_second_run_the_same_day_changes_and_sends_nothing(association):
    for days in (-90, -30, -7, 0, 1, 30, 60, 85, 91, 120):
        endorsed(association, days)
    first = sweep()
    # each one's step, and entering grace for the four in grace (caught up on a first run)
    assert first.total == 10 + 3
    emails, event_count = len(outbox()), len(events("endorsement.lapsed"))
    with scopes_disabled():
        reminders = ReminderSent.objects.count()
    second = sweep()
    assert second.total == 0
    assert len(outbox()) == emails == 9  # every step but entering grace writes
    assert len(events("endorsement.lapsed")) == event_count == 2
    with scopes_disabled():
        assert ReminderSent.objects.count() == reminders


def test_a_dry_run_counts_the_same_and_changes_nothing(association):
    for days in (-90, 0, 1, 85, 91):
        endorsed(association, days)
    dry = sweep(dry_run=True)
    assert outbox() == [] and events("endorsement.lapsed") == []
    with scopes_disabled():
        assert not ReminderSent.objects.exists()
        assert not RenewalSettings.objects.exists()  # not even the default settings
    assert dry.counts == sweep().counts


@pytest.mark.django_db(transaction=True)  # the worker commits, as in production
def test_a_retried_worker_run_sends_no_duplicate(association, run_tasks):
    from dyad.core.mail import deliver_batch
    from dyad.renewals.tasks import daily_sweep

    soon = endorsed(association, -7)
    lapsing = endorsed(association, 91)
    daily_sweep.call()
    daily_sweep.call()  # the worker retried it (or two were queued)
    run_tasks()
    assert len(outbox()) == 2
    assert deliver_batch.call([m.pk for m in outbox()]) == 0  # a delivery batch run again
    assert sorted(m.to[0] for m in mail.outbox) == sorted([soon.holder.email, lapsing.holder.email])


def test_only_active_endorsements_with_someone_to_write_to_are_reminded(association):
    from dyad.credentials.services import revoke_endorsement

    revoked = endorsed(association, -7)
    with scopes_disabled():
        revoke_endorsement(endorsement=revoked, reason="testing")
    make_endorsement(association, "No Account", expires=TODAY + timedelta(days=7))  # imported
    erased = endorsed(association, -7)
    erased.holder.is_active = False
    erased.holder.save()
    assert sweep().counts["before-7"] == 0
    assert outbox() == []


def test_no_reminder_while_the_renewal_waits_on_the_association(association):
    from dyad.renewals.audit_models import Renewal

    waiting = endorsed(association, -30)
    endorsed(association, -30)
    with scopes_disabled():
        Renewal.objects.create(
            association=association,
            endorsement=waiting,
            person=waiting.holder,
            period_expires=waiting.expires,
            state=Renewal.State.AUDIT,
        )
    assert sweep().counts["before-30"] == 1


def test_the_associations_own_schedule_decides_the_reminders(association):
    with run_in_scope(association):
        setting = settings_for(association)
        setting.reminder_days = [60, 14]
        setting.grace_reminder_days = [45]
        setting.save()
    endorsed(association, -60)
    endorsed(association, -30)  # in the 60-day step's window: caught up
    endorsed(association, -14)
    endorsed(association, 45)
    endorsed(association, 30)  # not a step of this association
    counts = sweep().counts
    assert counts["before-60"] == 2
    assert counts["before-14"] == 1
    assert counts["grace-45"] == 1
    assert counts["grace-30"] == 0


def test_every_association_is_swept_in_its_own_name(association):
    other = make_association("beta")
    endorsed(association, -7)
    endorsed(other, -7)
    assert sweep().counts["before-7"] == 2
    assert {m.association_id for m in outbox()} == {association.pk, other.pk}


def test_the_command_prints_one_line_per_kind_then_the_total(association, capsys):
    endorsed(association, -90)
    endorsed(association, 1)
    endorsed(association, 91)
    call_command("renewals", "sweep", "--dry-run")
    dry = capsys.readouterr().out.splitlines()
    assert dry == [
        "reminder 90 days before expiry: 1",
        "reminder 30 days before expiry: 0",
        "reminder 7 days before expiry: 0",
        "reminder on the expiry day: 0",
        "entered grace: 1",
        "grace reminder 30 days after expiry: 0",
        "grace reminder 60 days after expiry: 0",
        "grace reminder 85 days after expiry: 0",
        "lapsed: 1",
        "total: 3 (dry run: nothing changed, nothing sent)",
    ]
    call_command("renewals", "sweep", "--as-of", TODAY.isoformat())
    assert capsys.readouterr().out.splitlines()[-1] == "total: 3"
    call_command("renewals", "sweep")
    assert capsys.readouterr().out.splitlines()[-1] == "total: 0"


def test_the_command_names_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--as-of must be a real date"):
        call_command("renewals", "sweep", "--as-of", "2026-02-30")


def test_as_of_sweeps_another_day(association):
    endorsed(association, -30)
    assert sweep(TODAY - timedelta(days=1)).counts["before-30"] == 0
    assert sweep(date.fromordinal(TODAY.toordinal())).counts["before-30"] == 1


def test_a_reminder_says_when_and_where_to_renew_in_the_persons_language(association):
    soon = endorsed(association, -7, name="Rosa Renewer")
    spanish = endorsed(association, -30, name="Sol Solano")
    spanish.holder.language = "es"
    spanish.holder.save()
    sweep()
    [english] = [m for m in outbox() if soon.holder.email in m.to]
    assert english.subject.startswith("Your IMHS endorsement expires on ")
    assert english.body.startswith("Hello Rosa Renewer,\n\n")
    assert f"({soon.number}) expires on " in english.body and ", in 7 days." in english.body
    assert f"\n\n{settings.SITE_URL.rstrip('/')}/renewals/\n\n" in english.body
    assert english.body.rstrip().endswith("Dyad, for Association alpha")
    [other] = [m for m in outbox() if spanish.holder.email in m.to]
    # the date is written the Spanish way (the sentences follow once the lead translates them)
    with translation.override("es"):
        assert formats.date_format(spanish.expires, "DATE_FORMAT") in other.body


def test_on_one_date_a_year_everyone_is_reminded_on_the_same_days(association):
    """Renewed under an association-wide date, endorsements granted at different times share
    their expiry, so each reminder goes to all of them on one day and to nobody the day after."""
    with run_in_scope(association):
        setting = settings_for(association)
        setting.mode, setting.fixed_month, setting.fixed_day = "fixed", 6, 30
        setting.save()
    common = setting.next_expires(TODAY)
    year_before = same_day_in_year(common, common.year - 1)
    # three people whose expiries were 0, 30 and 200 days before that date a year earlier
    renewed = {setting.next_expires(year_before - timedelta(days=d)) for d in (0, 30, 200)}
    assert renewed == {common}
    for n in range(3):
        endorsed(association, (TODAY - common).days, name=f"Person {n}")
    assert sweep(common - timedelta(days=91)).total == 0
    assert sweep(common - timedelta(days=90)).counts["before-90"] == 3
    assert sweep(common - timedelta(days=89)).total == 0
    assert sweep(common - timedelta(days=30)).counts["before-30"] == 3
    assert sweep(common + timedelta(days=1)).counts["grace"] == 3


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(association, monkeypatch):
    """The worker's run and `make run`'s (or a retried task) overlapping: each association's
    sweep waits for the other's to commit, then finds every step recorded. PostgreSQL only:
    SQLite has one writer at a time anyway."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    import time

    from dyad.renewals import sweep as module

    for days in (-90, -7, 1, 40):  # no lapse: its row locks would serialize the two anyway
        endorsed(association, days)
    with run_in_scope(association):
        settings_for(association)  # made already (making it would serialize the two too)
    slow = module._Sweep.remind

    def remind_slowly(self):
        time.sleep(0.5)  # long enough for the other sweep to reach the same point
        return slow(self)

    monkeypatch.setattr(module._Sweep, "remind", remind_slowly)
    barrier = threading.Barrier(2)
    results = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(sweep())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.total for r in results) == [0, 5]  # four steps, and two entering grace
    assert len(outbox()) == 3  # -90, -7 and 40 (grace-30): once each
