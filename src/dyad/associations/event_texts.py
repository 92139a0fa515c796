"""How the associations' events read in plain words (registered in `AssociationsConfig.ready`)."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from dyad.core.events import person_name, register_event_text

from .models import Association, StaffMembership


def _role_label(role: str) -> str:
    return StaffMembership.Role(role).label if role in StaffMembership.Role.values else role


def role_granted(event) -> str:
    return _("%(user)s was given the role %(role)s") % {
        "user": person_name(event, "user"),
        "role": _role_label(event.to_state),
    }


def role_removed(event) -> str:
    return _("%(user)s no longer has the role %(role)s") % {
        "user": person_name(event, "user"),
        "role": _role_label(event.from_state),
    }


def settings_changed(event) -> str:
    names = []
    for key in sorted((event.data or {}).get("changed", {})):
        try:
            names.append(str(Association._meta.get_field(key).verbose_name))
        except FieldDoesNotExist:  # a setting since removed: its stored key still says which
            names.append(key)
    return _("Settings changed: %(fields)s") % {"fields": ", ".join(names)}


def created(event) -> str:
    return _("The association %(name)s was created") % {"name": (event.data or {}).get("name", "")}


def logo_changed(event) -> str:
    return _("A new logo was put on certificates")


def logo_removed(event) -> str:
    return _("The logo was taken off certificates")


def register() -> None:
    register_event_text("association.created", created)
    register_event_text("staff.role_granted", role_granted, people=("user",))
    register_event_text("staff.role_removed", role_removed, people=("user",))
    register_event_text("association.settings_changed", settings_changed)
    register_event_text(
        "association.logo_changed", lambda e: _("A new logo was put on certificates")
    )
    register_event_text(
        "association.logo_removed", lambda e: _("The logo was taken off certificates")
    )
