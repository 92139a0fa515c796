"""Background work of sittings (run by `db_worker`): a sitting whose tab was closed for good is
handed in when its time is up, without anyone opening a page.

`start_sitting` queues `hand_in_when_time_is_up` to run just after the sitting's end (plus the
grace for saves on their way); a break moves the end later, so a run that finds the sitting not
yet expired queues itself again for the new end. A backend that cannot defer a task leaves it to
the pages (`close_if_expired` when the candidate or staff next look)."""

from __future__ import annotations

from datetime import timedelta

from django_scopes import scopes_disabled
from django_tasks import task

from dyad.associations.tenancy import run_in_scope

from .models import Sitting


@task()
def hand_in_when_time_is_up(sitting_id: int) -> str:
    """Submit sitting `sitting_id` if its time ran out; say what was found."""
    from . import sitting_services

    with scopes_disabled():  # a task has no association until it reads the sitting's
        sitting = Sitting.objects.filter(pk=sitting_id).first()
    if sitting is None or sitting.state != Sitting.State.STARTED:
        return "nothing to do"
    with run_in_scope(sitting.association_id):
        if sitting_services.is_expired(sitting):
            sitting_services.submit_sitting(sitting, None, automatic=True)
            return "handed in"
    schedule_hand_in(sitting)
    return "not yet"


def schedule_hand_in(sitting: Sitting) -> bool:
    """Queue the hand-in for just after `sitting`'s end (its break time left included while on
    a break). True when queued."""
    from . import sitting_services

    backend = hand_in_when_time_is_up.get_backend()
    if not backend.supports_defer or sitting.ends_at is None:
        return False
    end = sitting.ends_at + sitting_services.GRACE + timedelta(seconds=1)
    if sitting.paused_at is not None:
        left = sitting_services.BREAK_MINUTES * 60 - sitting.break_seconds
        end += timedelta(seconds=max(0, left))
    hand_in_when_time_is_up.using(run_after=end).enqueue(sitting.pk)
    return True
