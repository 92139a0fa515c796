"""Reads of association data. Views call these inside the association's scope."""

from __future__ import annotations

from django_scopes import scopes_disabled

from dyad.core.events import with_people
from dyad.core.models import Event

from .models import Association, StaffMembership


def roles_of(user) -> list[tuple[Association, str]]:
    """(association, role) pairs of a person, across associations on purpose: their own roles."""
    if not user.is_authenticated:
        return []
    with scopes_disabled():
        rows = StaffMembership.objects.filter(user=user).select_related("association")
        return [(m.association, m.role) for m in rows]


def staff_of(association: Association):
    return StaffMembership.objects.filter(association=association).select_related("user")


def recent_events(association: Association, limit: int = 20) -> list[Event]:
    """The association's latest events, newest first, with the people they name (two queries)."""
    return with_people(
        Event.objects.filter(association=association)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )
