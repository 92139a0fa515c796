"""How the accounts' events read in plain words (registered in `AccountsConfig.ready`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dyad.core.events import person_name, register_event_text


def person_erased(event) -> str:
    return _("The personal data of %(person)s was erased") % {
        "person": person_name(event, "person")
    }


def register() -> None:
    register_event_text("person.erased", person_erased, people=("person",))
