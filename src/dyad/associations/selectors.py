"""Reads of association data. Views call these inside the association's scope."""

from __future__ import annotations

from django.db.models import Count, Q
from django_scopes import scopes_disabled

from dyad.core.events import with_people
from dyad.core.models import Event

from .models import Association, StaffMembership


def staff_of(association: Association):
    return StaffMembership.objects.filter(association=association).select_related("user")


def recent_events(association: Association, limit: int = 20) -> list[Event]:
    """The association's latest events, newest first, with the people they name (two queries)."""
    return with_people(
        Event.objects.filter(association=association)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


def alliance_overview():
    """Aggregate figures of every association, for the Alliance administrator (no people).

    Active endorsements are those in force today (`Endorsement.objects.current()`), the same
    rule as the public registry."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from dyad.credentials.models import Endorsement

    with scopes_disabled():
        in_force = (
            Endorsement.objects.current()
            .filter(association=OuterRef("pk"))
            .order_by()
            .values("association")
            .annotate(n=Count("pk"))
            .values("n")
        )
        rows = list(
            Association.objects.annotate(
                coordinators=Count(
                    "staff", filter=Q(staff__role=StaffMembership.Role.COORDINATOR), distinct=True
                ),
                reviewers=Count(
                    "staff", filter=Q(staff__role=StaffMembership.Role.REVIEWER), distinct=True
                ),
                active_endorsements=Coalesce(Subquery(in_force), 0),
            ).order_by("name")
        )
    return rows
