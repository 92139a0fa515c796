"""`dyad renewals sweep [--as-of YYYY-MM-DD] [--dry-run]`: send the renewal reminders that are
due, move endorsements into grace and lapse those whose grace period is over; one line per kind
of transition with its count, then the total. Idempotent for a day: a second run changes and
sends nothing.

While the worker runs with the database task backend it sweeps every day by itself; this command
also makes sure that daily run is queued. For a backend that cannot defer tasks, run it daily
from cron or a systemd timer (README: "Renewals in production")."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from ...sweep import sweep
from ...tasks import schedule_sweep


def _day(value: str) -> date:
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--as-of must be a real date written YYYY-MM-DD, not {value!r}"
        ) from None


class Command(BaseCommand):
    help = "Renewals: `renewals sweep` sends due reminders, starts grace periods, records lapses."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        run = actions.add_parser("sweep", help="the daily sweep (idempotent for a day)")
        run.add_argument("--as-of", default=None, help="the day to sweep for, YYYY-MM-DD")
        run.add_argument(
            "--dry-run", action="store_true", help="count what would happen; change nothing"
        )

    def handle(self, *args, **options) -> None:
        as_of = _day(options["as_of"]) if options["as_of"] else None
        result = sweep(as_of, dry_run=options["dry_run"])
        for line in result.lines():
            self.stdout.write(line)
        if not options["dry_run"]:
            schedule_sweep()
