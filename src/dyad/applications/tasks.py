"""Background work of applications (run by `db_worker`)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task

from . import invitations

#: how often the reminder run comes back while the worker runs
EVERY = timedelta(days=1)


@task()
def send_reminders() -> int:
    """Remind raters and RS/C providers who have not answered, DYAD_REMINDER_DAYS after their
    invitation (7 and 14 by default), once per step; then queue the next run, a day later.
    Running it twice sends nothing more."""
    sent = invitations.send_reminders()
    schedule_reminders(force=True)
    return sent


def schedule_reminders(force: bool = False) -> bool:
    """Keep one reminder run waiting in the queue, a day from now, so reminders go out with
    only the worker running (no cron). Each invitation sent calls this; each run queues the
    next (`force`: the run itself is still marked running). A backend that cannot defer a task
    (the immediate one) leaves it to `dyad send_reminders`. True when a run was queued."""
    backend = send_reminders.get_backend()
    if not backend.supports_defer:
        return False
    if not force and _waiting(backend):
        return False
    send_reminders.using(run_after=timezone.now() + EVERY).enqueue()
    return True


def _waiting(backend) -> bool:
    """A reminder run already queued. Only the database backend can say; with another one a
    second queued run is harmless (it sends nothing more)."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(backend, DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        task_path=send_reminders.module_path, status=TaskResultStatus.READY
    ).exists()
