"""Reads that span apps: the Alliance's figures of every association (staff and credentials)."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django_scopes import scopes_disabled

from dyad.associations.models import Association, StaffMembership
from dyad.credentials.models import Endorsement


def alliance_overview():
    """Aggregate figures of every association, for the Alliance administrator (no people).

    Active endorsements are those in force today (`Endorsement.objects.current()`), the same
    rule as the public registry."""
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
