"""`dyad credential export NUMBER > file.json`: print one endorsement's signed Open Badges 3.0
credential, as its holder would download it, for checking by hand."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from dyad.associations.tenancy import run_in_scope
from dyad.credentials.models import Endorsement

from ...services import issue_credential


class Command(BaseCommand):
    help = "Verifiable credentials: `credential export NUMBER` prints one signed credential."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="print the credential of one endorsement")
        export.add_argument("number", help="the endorsement number")

    def handle(self, *args, **options) -> None:
        number = options["number"]
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
