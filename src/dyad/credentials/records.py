"""Reads of one credential and its history: the public verification page, the holder's own page
and the staff's page (selectors; the registry's search is in selectors.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from django_scopes import scopes_disabled

from dyad.core.events import with_people
from dyad.core.models import Event

from .models import Endorsement

SUBJECT = Endorsement._meta.label_lower


def public_endorsement(number: str) -> Endorsement | None:
    """The endorsement with this number, in any association, whatever its state or its holder's
    listing choice: anyone may check a credential they were shown (verification is public by
    design, so it crosses tenants; it shows only what the certificate shows)."""
    with scopes_disabled():
        try:
            return Endorsement.objects.select_related("association").get(number=number)
        except Endorsement.DoesNotExist:
            return None


def endorsement_history(endorsement: Endorsement, *, actors: bool = False) -> list[Event]:
    """The events of one endorsement, oldest first, in one query (two when they name people),
    with who made each change when `actors` (staff pages; the public page never names them).
    Read across scopes on purpose: the caller has already decided who may see the endorsement."""
    with scopes_disabled():
        events = Event.objects.filter(subject_type=SUBJECT, subject_id=str(endorsement.pk))
        if actors:
            events = events.select_related("actor")
        return with_people(events.order_by("created_at", "pk"))


def endorsements_of(user) -> list[Endorsement]:
    """A person's own endorsements, from every association that granted them one (their own
    rows, so the read crosses tenants on purpose)."""
    with scopes_disabled():
        return list(
            Endorsement.objects.filter(holder=user)
            .select_related("association")
            .order_by("-granted", "number")
        )


def held_endorsement(number: str, user) -> Endorsement | None:
    """The endorsement with this number if `user` may see its certificate: its holder, or staff
    of the association that granted it (any role). None for everyone else."""
    if not user.is_authenticated:
        return None
    endorsement = public_endorsement(number)
    if endorsement is None:
        return None
    if endorsement.holder_id == user.pk:
        return endorsement
    with scopes_disabled():
        is_staff = endorsement.association.staff.filter(user=user).exists()
    return endorsement if is_staff else None


def association_endorsements(association, query: str = "") -> QuerySet[Endorsement]:
    """The association's endorsements for its staff (runs in the association's scope), by name
    or number."""
    rows = Endorsement.objects.filter(association=association)
    if query:
        rows = rows.filter(holder_name__icontains=query) | rows.filter(number__iexact=query)
    return rows.order_by("holder_name", "number")
