"""On PostgreSQL, the database itself refuses UPDATE and DELETE of snapshot rows (a submitted
snapshot never changes). SQLite relies on the model and queryset guards."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION applications_snapshot_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a submitted snapshot never changes: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER applications_snapshot_frozen
    BEFORE UPDATE OR DELETE ON applications_snapshot
    FOR EACH ROW EXECUTE FUNCTION applications_snapshot_frozen();
"""

DROP = """
DROP TRIGGER IF EXISTS applications_snapshot_frozen ON applications_snapshot;
DROP FUNCTION IF EXISTS applications_snapshot_frozen();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("applications", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
