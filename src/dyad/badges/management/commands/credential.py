"""Verifiable credentials from the command line.

`dyad credential export NUMBER > file.json` prints one endorsement's signed Open Badges 3.0
credential, as its holder would download it, for checking by hand.
`dyad credential rotate-key SLUG --reason "..."` gives an association a new signing key; the old
one stays published, so credentials signed before still verify."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from dyad.associations.models import Association
from dyad.associations.tenancy import run_in_scope
from dyad.credentials.models import Endorsement

from ...services import issue_credential, rotate_key


class Command(BaseCommand):
    help = (
        "Verifiable credentials: `credential export NUMBER` prints one signed credential; "
        "`credential rotate-key SLUG` gives an association a new signing key."
    )

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="print the credential of one endorsement")
        export.add_argument("number", help="the endorsement number")
        rotate = actions.add_parser("rotate-key", help="give an association a new signing key")
        rotate.add_argument("slug", help="the association's slug")
        rotate.add_argument("--reason", default="", help="why, kept in the association's history")

    def handle(self, *args, **options) -> None:
        if options["action"] == "rotate-key":
            self.rotate(options["slug"], options["reason"])
        else:
            self.export(options["number"])

    def rotate(self, slug: str, reason: str) -> None:
        association = Association.objects.filter(slug=slug).first()
        if association is None:
            raise CommandError(f"No association has the slug {slug!r}.")
        with run_in_scope(association):
            key = rotate_key(association, reason=reason)
        self.stdout.write(f"{association.slug}: key {key.serial} signs from now on.")

    def export(self, number: str) -> None:
        # An operator's command: the number names the association, found across tenants.
        with scopes_disabled():
            endorsement = (
                Endorsement.objects.select_related("association").filter(number=number).first()
            )
        if endorsement is None:
            raise CommandError(f"No endorsement has the number {number!r}.")
        with run_in_scope(endorsement.association):
            document = issue_credential(endorsement)
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
