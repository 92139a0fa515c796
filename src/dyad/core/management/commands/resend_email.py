from django.core.management.base import BaseCommand

from dyad.core.mail import resend
from dyad.core.models import OutboundEmail


class Command(BaseCommand):
    help = "Queue again every outbox message that failed or was never delivered."

    def handle(self, *args, **options):
        waiting = [OutboundEmail.Status.QUEUED, OutboundEmail.Status.FAILED]
        rows = OutboundEmail.objects.filter(status__in=waiting)
        count = resend(rows)
        self.stdout.write(f"{count} message(s) queued for delivery again.")
