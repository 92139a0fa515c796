"""record_event: the one way every app writes the event log (design.md invariants)."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from .errors import NotInTransaction
from .models import Event


def record_event(
    *,
    subject: models.Model,
    verb: str,
    actor: Any = None,
    association: Any = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    """Append an event for a change to `subject`.

    Must run inside the transaction that makes the change (`transaction.atomic`), so the change
    and its record commit or roll back together.
    """
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransaction(
            f"record_event({verb!r}) must run inside the transaction of the change it records"
        )
    if association is None:
        is_tenant = subject._meta.label_lower == "associations.association"
        association = subject if is_tenant else getattr(subject, "association", None)
    event = Event(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        association=association,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        verb=verb,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )
    event.save()
    return event


def history(subject: models.Model):
    """The events of one subject, oldest first (the caller's scope applies)."""
    return Event.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
    ).select_related("actor")


def describe(event: Event) -> str:
    """One plain sentence for an event, in the reader's language (unknown verbs stay as is)."""
    from django.utils.translation import gettext as _

    data = event.data or {}
    if event.verb == "staff.role_granted":
        return _("%(user)s was given the role %(role)s") % {
            "user": data.get("user", ""),
            "role": event.to_state,
        }
    if event.verb == "association.settings_changed":
        fields = ", ".join(sorted(data.get("changed", {})))
        return _("Settings changed: %(fields)s") % {"fields": fields}
    return event.verb
