"""Background work of applications (run by `db_worker`)."""

from __future__ import annotations

from django_tasks import task

from . import invitations


@task()
def send_reminders() -> int:
    """Remind raters and RS/C providers who have not answered, DYAD_REMINDER_DAYS after their
    invitation (7 and 14 by default), once per step. Enqueued daily by `dyad send_reminders`
    (cron or a systemd timer); running it twice sends nothing more."""
    return invitations.send_reminders()
