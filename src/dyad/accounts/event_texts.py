"""How the accounts' events read in plain words (registered in `AccountsConfig.ready`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dyad.core.events import person_name, register_event_text, register_person_lookup


def person_erased(event) -> str:
    return _("The personal data of %(person)s was erased") % {
        "person": person_name(event, "person")
    }


def registry_listing_changed(event) -> str:
    values = {"person": person_name(event, "person")}
    if event.to_state == "listed":
        return _("%(person)s chose to be listed in the public registry") % values
    return _("%(person)s chose to leave the public registry") % values


def register() -> None:
    from .services import erased_people_by_address

    register_event_text("person.erased", person_erased, people=("person",))
    register_event_text(
        "person.registry_listing_changed", registry_listing_changed, people=("person",)
    )
    register_person_lookup(erased_people_by_address)
