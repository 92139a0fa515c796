"""`dyad send_reminders`: send the reminders due now. Not needed while the worker runs with
the database task backend (each invitation queues a reminder run and each run queues the next);
for a backend that cannot defer tasks, run it daily from cron or a systemd timer."""

from django.core.management.base import BaseCommand

from dyad.applications.tasks import send_reminders


class Command(BaseCommand):
    help = "Remind raters and RS/C providers who have not answered (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="run here, not in the worker")

    def handle(self, *args, now=False, **options):
        if now:
            count = send_reminders.call()
            self.stdout.write(f"{count} reminder(s) sent")
        else:
            send_reminders.enqueue()
            self.stdout.write("reminders queued for the worker")
