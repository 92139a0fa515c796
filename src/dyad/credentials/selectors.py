"""Public reads of endorsements: the registry spans every association by design."""

from __future__ import annotations

from django.db.models import Q
from django_scopes import scopes_disabled

from .models import Endorsement


def registry(query: str = "", association_slug: str = ""):
    """Endorsements in force today (active, and not past `expires` plus the grace period),
    searchable by name, number or category; public by design, so it crosses tenants (only what
    a certificate shows: name, category, number, dates)."""
    with scopes_disabled():
        rows = Endorsement.objects.current().select_related("association")
        if query:
            rows = rows.filter(
                Q(holder_name__icontains=query)
                | Q(number__iexact=query)
                | Q(category__iexact=query)
            )
        if association_slug:
            rows = rows.filter(association__slug=association_slug)
        return rows.only(
            "holder_name",
            "category",
            "number",
            "granted",
            "expires",
            "association__name",
            "association__slug",
        )
