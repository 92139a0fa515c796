"""A candidate's sitting: start, save as they type, breaks, submit.

The clock is the server's: `start_sitting` fixes `ends_at` (start + the form's minutes + the
candidate's extra minutes) and a break moves it later by the break's length. A save arriving
after `ends_at` (plus `GRACE` for a save already on its way) is refused, and a sitting past
its end is submitted by the first read that finds it (`close_if_expired`).

`save_answer` is the hot path (every keystroke pause of every candidate): ONE SQL statement
that checks the sitting is this candidate's, started, not paused and not past its end, that the
item belongs to the sitting's form (and an mc choice is one of its options), and inserts or
updates the answer only when the client's `seq` is newer than the stored one. Anything
refused costs one more query to say why (`why_refused`).

A submission is once: `submit_sitting` locks the row and returns it unchanged when it is
already submitted, so a double click or a retried request is one submission and one call of
`scoring_services.on_submitted`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from dyad.core.events import record_event

from . import builder_services, scoring_services, sitting_tasks
from .builder_services import ExamError
from .models import Answer, ExamWindow, Item, Sitting

#: a save sent just before the end still counts when it arrives this much later
GRACE = timedelta(seconds=30)
#: total break time a candidate with the `breaks` accommodation may take (the clock stops)
BREAK_MINUTES = 15
#: the longest written answer kept
MAX_TEXT = 20_000

_shuffle = random.SystemRandom().shuffle


def _lock(sitting: Sitting) -> Sitting:
    return (
        Sitting.objects.select_for_update(of=("self",))
        .select_related("window__form")
        .get(pk=sitting.pk)
    )


def start_sitting(*, sitting: Sitting, actor) -> Sitting:
    """The candidate starts: the window must be open. Freezes the form, shuffles each mc
    item's options for this candidate and fixes the end time. Starting again is a no-op."""
    now = timezone.now()
    with transaction.atomic():
        locked = _lock(sitting)
        if locked.state != Sitting.State.INVITED:
            return locked
        window: ExamWindow = locked.window
        if now < window.opens_at:
            raise ExamError(_("The exam window has not opened yet."))
        if now >= window.closes_at:
            raise ExamError(_("The exam window has closed."))
        form = window.form
        builder_services.freeze_form(form.pk)
        orders = {}
        for item_id, options in Item.objects.filter(form=form, kind=Item.Kind.MC).values_list(
            "pk", "options"
        ):
            order = list(range(len(options)))
            _shuffle(order)
            orders[str(item_id)] = order
        locked.option_orders = orders
        locked.started_at = now
        locked.ends_at = now + timedelta(minutes=form.minutes + locked.extra_minutes)
        locked.state = Sitting.State.STARTED
        locked.save(update_fields=["option_orders", "started_at", "ends_at", "state"])
        record_event(
            subject=locked,
            verb="exam.started",
            actor=actor,
            from_state=Sitting.State.INVITED,
            to_state=Sitting.State.STARTED,
            data={"candidate": locked.candidate_id, "ends_at": locked.ends_at.isoformat()},
        )
        transaction.on_commit(lambda: sitting_tasks.schedule_hand_in(locked))
    return locked


@dataclass(frozen=True)
class Saved:
    ok: bool
    seq: int
    #: why not: "" when saved; "stale", "closed", "paused", "not_found" or "invalid"
    reason: str = ""


def save_answer(
    *,
    sitting_id: int,
    candidate_id: int,
    item_id: int,
    choice: int | None,
    text: str,
    seq: int,
) -> Saved:
    """Keep the candidate's answer to one item, in one statement (see the module's text)."""
    now = timezone.now()
    ops = connection.ops
    length = "jsonb_array_length" if connection.vendor == "postgresql" else "json_array_length"
    answer, sitting = Answer._meta.db_table, Sitting._meta.db_table
    window, item = ExamWindow._meta.db_table, Item._meta.db_table
    sql = f"""
        INSERT INTO {answer} (sitting_id, item_id, choice, text, saved_at, seq)
        SELECT s.id, i.id, CAST(%s AS integer), %s, %s, %s
        FROM {sitting} s
        JOIN {window} w ON w.id = s.window_id
        JOIN {item} i ON i.form_id = w.form_id
        WHERE s.id = %s AND s.candidate_id = %s AND s.state = %s AND s.paused_at IS NULL
          AND s.ends_at > %s AND i.id = %s
          AND (CAST(%s AS integer) IS NULL
               OR (i.kind = 'mc' AND CAST(%s AS integer) < {length}(i.options)))
        ON CONFLICT (sitting_id, item_id) DO UPDATE
          SET choice = excluded.choice, text = excluded.text,
              saved_at = excluded.saved_at, seq = excluded.seq
          WHERE {answer}.seq < excluded.seq
        RETURNING seq
    """
    params = [
        choice,
        text[:MAX_TEXT],
        ops.adapt_datetimefield_value(now),
        seq,
        sitting_id,
        candidate_id,
        Sitting.State.STARTED,
        ops.adapt_datetimefield_value(now - GRACE),
        item_id,
        choice,
        choice,
    ]
    # one statement: atomic on its own, no savepoint needed
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is not None:
        return Saved(True, row[0])
    return why_refused(sitting_id=sitting_id, candidate_id=candidate_id, item_id=item_id, seq=seq)


def why_refused(*, sitting_id: int, candidate_id: int, item_id: int, seq: int) -> Saved:
    """The reason a save was refused (two queries at most). The candidate's own sitting,
    read outside any association's scope on purpose (filtered by `candidate_id`)."""
    with scopes_disabled():
        found = (
            Sitting.objects.filter(pk=sitting_id, candidate_id=candidate_id)
            .values("state", "paused_at", "ends_at")
            .first()
        )
    if found is None:
        return Saved(False, seq, "not_found")
    if found["state"] != Sitting.State.STARTED or found["ends_at"] <= timezone.now() - GRACE:
        return Saved(False, seq, "closed")
    if found["paused_at"] is not None:
        return Saved(False, seq, "paused")
    stored = Answer.objects.filter(sitting_id=sitting_id, item_id=item_id).values("seq").first()
    if stored is not None and stored["seq"] >= seq:
        return Saved(False, stored["seq"], "stale")
    return Saved(False, seq, "invalid")


def save_position(
    *, sitting_id: int, candidate_id: int, last_item: int | None, flags: list[int]
) -> bool:
    """Where the candidate is and what they flagged: one UPDATE of their started sitting (their
    own, outside any association's scope on purpose: filtered by `candidate_id`)."""
    with scopes_disabled():
        updated = Sitting.objects.filter(
            pk=sitting_id, candidate_id=candidate_id, state=Sitting.State.STARTED
        ).update(last_item=last_item, flags=sorted(set(flags))[:500])
    return bool(updated)


def take_break(*, sitting: Sitting, actor) -> Sitting:
    """Stop the clock (accommodation `breaks`, while break time is left)."""
    with transaction.atomic():
        locked = _lock(sitting)
        if locked.paused_at is not None:
            return locked
        if locked.state != Sitting.State.STARTED or not locked.breaks:
            raise ExamError(_("Breaks are not part of this sitting."))
        if locked.break_seconds >= BREAK_MINUTES * 60:
            raise ExamError(_("You have used all of your break time."))
        locked.paused_at = timezone.now()
        locked.save(update_fields=["paused_at"])
        record_event(subject=locked, verb="exam.break_taken", actor=actor)
    return locked


def end_break(*, sitting: Sitting, actor) -> Sitting:
    """Start the clock again: the end moves later by the break's length (at most the break
    time left)."""
    with transaction.atomic():
        locked = _lock(sitting)
        if locked.paused_at is None:
            return locked
        left = max(0, BREAK_MINUTES * 60 - locked.break_seconds)
        taken = min(int((timezone.now() - locked.paused_at).total_seconds()), left)
        locked.ends_at += timedelta(seconds=taken)
        locked.break_seconds += taken
        locked.paused_at = None
        locked.save(update_fields=["ends_at", "break_seconds", "paused_at"])
        record_event(subject=locked, verb="exam.break_ended", actor=actor, data={"seconds": taken})
    return locked


def submit_sitting(sitting: Sitting, actor, *, automatic: bool = False) -> Sitting:
    """Hand the sitting in: once. A sitting already submitted is returned unchanged."""
    with transaction.atomic():
        locked = _lock(sitting)
        if locked.state != Sitting.State.STARTED:
            if locked.state == Sitting.State.INVITED:
                raise ExamError(_("This sitting has not started."))
            return locked
        if locked.paused_at is not None:
            locked.paused_at = None
        locked.state = Sitting.State.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["state", "submitted_at", "paused_at"])
        record_event(
            subject=locked,
            verb="exam.submitted",
            actor=actor,
            from_state=Sitting.State.STARTED,
            to_state=Sitting.State.SUBMITTED,
            data={"candidate": locked.candidate_id, "automatic": automatic},
        )
        scoring_services.on_submitted(locked)
    return locked


def is_expired(sitting: Sitting) -> bool:
    """Started and past its end (on a break: past its end plus the break time left)."""
    if sitting.state != Sitting.State.STARTED or sitting.ends_at is None:
        return False
    end = sitting.ends_at + GRACE
    if sitting.paused_at is not None:
        end += timedelta(seconds=max(0, BREAK_MINUTES * 60 - sitting.break_seconds))
    return end <= timezone.now()


def close_if_expired(sitting: Sitting) -> Sitting:
    """A started sitting whose time ran out (the tab was closed) is submitted when next read."""
    if is_expired(sitting):
        return submit_sitting(sitting, None, automatic=True)
    return sitting
