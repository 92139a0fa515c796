"""`dyad export_requirement_set ID@VERSION [--output FILE]`: a published version as the JSON
file `dyad assess --requirement-set FILE` reads (stdout by default)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dyad.rulesets import selectors
from dyad.standards.requirement_sets import RequirementSetError


class Command(BaseCommand):
    help = "Write a published requirement set (ID@VERSION) as a JSON file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("reference", help="ID@VERSION, e.g. alpha-imh-e@2")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, **options) -> None:
        try:
            set_id, version = selectors.parse_reference(options["reference"])
        except RequirementSetError as exc:
            raise CommandError(str(exc)) from None
        document = selectors.published_document(set_id, version)
        if document is None:
            raise CommandError(f"no published requirement set {set_id}@{version}")
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {set_id}@{version} to {options['output']}")
        else:
            self.stdout.write(text, ending="")
