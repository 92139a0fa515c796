"""The daily renewal sweep in the worker (`db_worker`): no cron needed.

`schedule_sweep()` keeps one run of `daily_sweep` waiting in the queue, due at RUN_AT local time
the next day; each run queues the next, and `dyad renewals sweep` (which `make run` calls at
start) queues one when none is waiting. A retried or doubled run sends nothing twice: the sweep
is idempotent for a day (`sweep.py`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task

from . import sweep

#: The local time of day the worker sweeps (just after midnight: a grace period ends then).
RUN_AT = time(0, 10)


@task()
def daily_sweep() -> dict[str, int]:
    """Sweep for today, then queue tomorrow's run. Returns the counts by step."""
    result = sweep.sweep()
    schedule_sweep(force=True)
    return dict(result.counts)


def next_run(now: datetime | None = None) -> datetime:
    """RUN_AT on the day after `now` (local time), as an aware datetime."""
    now = timezone.localtime(now)
    day = now.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, RUN_AT))


def schedule_sweep(force: bool = False) -> bool:
    """Keep one sweep waiting for tomorrow. `force`: queue one even if one waits (the run
    itself, still marked running, queues its successor). A backend that cannot defer a task
    (the immediate one) leaves the daily run to cron (`dyad renewals sweep`). True when a run
    was queued."""
    backend = daily_sweep.get_backend()
    if not backend.supports_defer:
        return False
    if not force and _waiting(backend):
        return False
    daily_sweep.using(run_after=next_run()).enqueue()
    return True


def _waiting(backend) -> bool:
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=daily_sweep.module_path, status=TaskResultStatus.READY
    ).exists()
