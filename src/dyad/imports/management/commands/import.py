"""`dyad import endorsees FILE --association SLUG [--dry-run]` (also `membership`,
`portfolios`): the same dry run and import as the pages, from the command line.

The dry run's counts go to stdout and every error, `row N, column: sentence`, to stderr; a
file with any error exits 1 with nothing saved. Without `--dry-run` a clean file is imported at
once (never queued for the worker), recorded in the association's history of imports."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import CommandError

from dyad.associations.tenancy import AssociationCommand
from dyad.core.errors import DyadError
from dyad.imports import services
from dyad.imports.models import Import
from dyad.imports.reading import MAX_BYTES


class Command(AssociationCommand):
    help = "Import endorsees, membership status or portfolios from a file, dry run first."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("kind", choices=[k.value for k in Import.Kind])
        parser.add_argument("file", help="a CSV or XLSX file (a ZIP for portfolios)")
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change, save nothing"
        )

    def handle_in_scope(self, association, *args, kind, file, dry_run, **options):
        path = Path(file)
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        try:
            imp = services.start_import(
                association=association,
                actor=None,
                kind=kind,
                file_name=path.name,
                data=data,
                worker=False,
            )
        except DyadError as exc:
            raise CommandError(f"{file}: {exc.message}") from None
        self._report(imp)
        if imp.state != Import.State.PREVIEWED:
            errors = imp.counts.get("errors", 0)
            raise CommandError(imp.message or f"{_n(errors, 'error')}: nothing saved.")
        if dry_run:
            services.cancel_import(imp=imp, actor=None)
            self.stdout.write("Dry run: nothing saved.")
            return
        imp = services.confirm_import(imp=imp, actor=None, worker=False)
        if imp.state != Import.State.DONE:
            self._report(imp)
            raise CommandError(imp.message or "Nothing saved.")
        c = imp.counts
        self.stdout.write(
            f"Import {imp.pk} done: {c['created']:,} created, {c['updated']:,} updated, "
            f"{c['unchanged']:,} left alone."
        )

    def _report(self, imp: Import) -> None:
        c = imp.counts
        if c:
            self.stdout.write(
                f"{_n(imp.total, 'row')}: {c['created']:,} to create, {c['updated']:,} to "
                f"update, {c['unchanged']:,} to leave alone, {_n(c['errors'], 'error')}."
            )
        for error in (imp.report or {}).get("errors", []):
            column = f", {error['column']}" if error["column"] else ""
            sys.stderr.write(f"row {error['row']}{column}: {error['message']}\n")
        shown = len((imp.report or {}).get("errors", []))
        if c.get("errors", 0) > shown:
            sys.stderr.write(f"... and {c['errors'] - shown:,} more errors\n")


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")
