"""`dyad seed_registry N`: N fake endorsements in bulk, to measure the registry at scale."""

import time

from django.core.management.base import BaseCommand, CommandError

from dyad.credentials.seeding import seed_registry


class Command(BaseCommand):
    help = (
        "Add N fake endorsements (bulk inserts) across six seed associations: names with "
        "accents, counties, every category, some in grace, lapsed, revoked or opted out. "
        "For measuring; never on a live site."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many endorsements to add")
        parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        parser.add_argument("--batch", type=int, default=5000, help="rows per insert")

    def handle(self, *args, count, seed, batch, **options):
        if count < 1 or batch < 1:
            raise CommandError("The count and the batch must be at least 1.")
        started = time.perf_counter()
        seeded = seed_registry(count, seed=seed, batch=batch)
        took = time.perf_counter() - started
        cases = ", ".join(f"{case} {n:,}" for case, n in seeded.cases.items())
        self.stdout.write(
            f"Added {seeded.endorsements:,} endorsements, {seeded.events:,} events and "
            f"{seeded.people:,} accounts in {took:.1f} s ({cases})."
        )
