"""`dyad publish_baseline FILE --note "..."`: the Alliance publishes the next version of a
baseline set (`imh-e-baseline` or `ecmh-e-baseline`) from a whole set file. Earlier versions stay
as they are; applications started under them keep them."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dyad.rulesets import services


class Command(BaseCommand):
    help = "Publish the next version of a baseline requirement set from a JSON file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="a whole dyad-requirement-set/1 file")
        parser.add_argument("--note", required=True, help="what changes and why")

    def handle(self, *args, **options) -> None:
        try:
            document = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{options['file']}: {exc}") from None
        if not isinstance(document, dict):
            raise CommandError(f"{options['file']}: not a requirement set")
        try:
            row = services.publish_baseline(document=document, note=options["note"])
        except services.RulesetError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"published {row.reference}")
