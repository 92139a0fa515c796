"""The shared cache's table comes with every migrate: a deployment cannot forget it."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def test_migrate_makes_the_database_cache_table(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "dyad_cache_probe",
        }
    }
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS dyad_cache_probe")
    assert "dyad_cache_probe" not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)
    assert "dyad_cache_probe" in connection.introspection.table_names()
    caches["default"].set("k", 1)
    assert caches["default"].get("k") == 1
