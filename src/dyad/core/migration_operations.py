"""Migration operations for what only PostgreSQL has, so SQLite (development, the fast tests)
runs the same migrations and simply goes without."""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db.migrations.operations import AddIndex


class AddIndexOnPostgres(AddIndex):
    """`AddIndex` for an index only PostgreSQL can build (a GIN trigram index, say): the index is
    in the model's state everywhere, built on PostgreSQL only. SQLite searches without it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class TrigramExtensionOnPostgres(TrigramExtension):
    """`TrigramExtension` that leaves other databases alone both ways: Django's own skips SQLite
    going forwards but looks the extension up in `pg_extension` going backwards."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
