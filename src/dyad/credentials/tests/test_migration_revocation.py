"""Migration 0002 gives endorsements revoked before it the date and reason of their revocation."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("credentials", "0001_initial")]
AFTER = [("credentials", "0002_revocation_reason")]


def migrate(targets):
    """Migrate credentials to `targets`; the models as they were then, with core's Event."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    # The state of what is applied now: migrating credentials back also unapplies the other
    # apps' migrations that depend on its later ones (a foreign key to Endorsement).
    applied = [n for n in executor.loader.applied_migrations if n in executor.loader.graph.nodes]
    return executor.loader.project_state(applied).apps


def test_a_revoked_endorsement_gets_its_last_revocations_day_and_reason():
    apps = migrate(BEFORE)
    try:
        Association = apps.get_model("associations", "Association")
        Endorsement = apps.get_model("credentials", "Endorsement")
        Event = apps.get_model("core", "Event")
        alpha = Association.objects.create(slug="alpha", name="Alpha", contact_email="a@x.org")
        rows = {}
        for number, status in (("AL-1", "revoked"), ("AL-2", "active")):
            rows[number] = Endorsement.objects.create(
                association=alpha,
                holder_name="Nia",
                category="IMHS",
                number=number,
                granted=date(2020, 1, 1),
                expires=date(2030, 1, 1),
                status=status,
            )
        for when, reason in ((date(2024, 1, 5), "first"), (date(2025, 3, 9), "second")):
            Event.objects.create(
                association=alpha,
                subject_type="credentials.endorsement",
                subject_id=str(rows["AL-1"].pk),
                verb="endorsement.revoked",
                reason=reason,
                created_at=timezone.make_aware(
                    timezone.datetime(when.year, when.month, when.day, 12)
                ),
            )
        apps = migrate(AFTER)
        Endorsement = apps.get_model("credentials", "Endorsement")
        revoked = Endorsement.objects.get(number="AL-1")
        active = Endorsement.objects.get(number="AL-2")
        assert (revoked.revoked_on, revoked.revocation_reason) == (date(2025, 3, 9), "second")
        assert (active.revoked_on, active.revocation_reason) == (None, "")
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
