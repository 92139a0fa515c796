"""On PostgreSQL, the database itself refuses UPDATE and DELETE of published requirement sets
(a published version never changes). SQLite relies on the model and queryset guards."""

from django.db import migrations

from dyad.core.migration_operations import PostgresOnlySQL

CREATE = """
CREATE OR REPLACE FUNCTION rulesets_publishedset_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a published requirement set never changes: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER rulesets_publishedset_frozen
    BEFORE UPDATE OR DELETE ON rulesets_publishedset
    FOR EACH ROW EXECUTE FUNCTION rulesets_publishedset_frozen();
"""

DROP = """
DROP TRIGGER IF EXISTS rulesets_publishedset_frozen ON rulesets_publishedset;
DROP FUNCTION IF EXISTS rulesets_publishedset_frozen();
"""


class Migration(migrations.Migration):
    dependencies = [("rulesets", "0001_initial")]
    operations = [PostgresOnlySQL(CREATE, DROP)]
