"""How the accounts' events read in plain words (registered in `AccountsConfig.ready`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dyad.core.events import person_name, register_event_text, register_person_lookup


def person_erased(event) -> str:
    return _("The personal data of %(person)s was erased") % {
        "person": person_name(event, "person")
    }


def register() -> None:
    from .services import erased_people_by_address

    register_event_text("person.erased", person_erased, people=("person",))
    register_person_lookup(erased_people_by_address)
