"""How import events read in plain words (registered in `ImportsConfig.ready`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dyad.core.events import person_name, register_event_text


def _number(event) -> dict:
    data = event.data or {}
    return {
        "id": data.get("import", ""),
        "created": data.get("created", 0),
        "updated": data.get("updated", 0),
        "unchanged": data.get("unchanged", 0),
    }


def uploaded(event) -> str:
    return _("Import %(id)s uploaded for a dry run") % _number(event)


def confirmed(event) -> str:
    return _("Import %(id)s confirmed") % _number(event)


def done(event) -> str:
    return _(
        "Import %(id)s done: %(created)s created, %(updated)s updated, %(unchanged)s left alone"
    ) % _number(event)


def failed(event) -> str:
    return _("Import %(id)s failed; nothing was saved") % _number(event)


def cancelled(event) -> str:
    return _("Import %(id)s cancelled; nothing was saved") % _number(event)


def created(event) -> str:
    return _("Created by import %(id)s") % _number(event)


def updated(event) -> str:
    return _("Updated by import %(id)s") % _number(event)


def person_imported(event) -> str:
    return _(
        "Account of %(person)s created by import %(id)s, to be claimed by a password reset"
    ) % {
        **_number(event),
        "person": person_name(event, "person"),
    }


def register() -> None:
    register_event_text("import.uploaded", uploaded)
    register_event_text("import.confirmed", confirmed)
    register_event_text("import.done", done)
    register_event_text("import.failed", failed)
    register_event_text("import.cancelled", cancelled)
    register_event_text("import.created", created)
    register_event_text("import.updated", updated)
    register_event_text("person.imported", person_imported, people=("person",))
