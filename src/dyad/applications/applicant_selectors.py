"""Reads for the applicant's own pages: their applications (one query for the list), one of
their applications by id (another person's is not found), and what an application shows them.

An applicant's pages are outside any association's scope: the person's own rows are read
across associations on purpose, always filtered by `applicant=` the signed-in person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django_scopes import scope, scopes_disabled

from dyad.core.models import Event
from dyad.standards.findings import Assessment

from . import states
from .models import Application, Reference, Snapshot


def own_applications(user) -> list[Application]:
    """The person's applications, newest first, each with its association and its references
    counted by status (`references_named`, `references_rated`, `references_declined`). One
    query whatever their number."""
    with scopes_disabled():
        return list(
            Application.objects.filter(applicant=user)
            .select_related("association")
            .annotate(
                references_named=Count("references"),
                references_rated=Count(
                    "references", filter=Q(references__status=Reference.Status.RATED)
                ),
                references_declined=Count(
                    "references", filter=Q(references__status=Reference.Status.DECLINED)
                ),
            )
            .order_by("-started_at", "-id")
        )


def own_application(user, pk: int) -> Application:
    """One of the person's own applications, or Http404 (another person's id is not found)."""
    with scopes_disabled():
        found = (
            Application.objects.filter(applicant=user, pk=pk)
            .select_related("association", "endorsement")
            .first()
        )
    if found is None:
        raise Http404("no such application")
    return found


def references_of(application: Application) -> list[Reference]:
    with scope(association=application.association_id):
        return list(Reference.objects.filter(application=application).order_by("created_at", "id"))


@dataclass(frozen=True)
class Frozen:
    """The latest submission's snapshot, as the page shows it."""

    number: int
    taken_at: object
    assessment: Assessment


def latest_snapshot(application: Application) -> Frozen | None:
    with scope(association=application.association_id):
        snapshot = (
            Snapshot.objects.filter(application=application)
            .only("number", "taken_at", "assessment")
            .order_by("-number")
            .first()
        )
    if snapshot is None:
        return None
    return Frozen(snapshot.number, snapshot.taken_at, Assessment.from_dict(snapshot.assessment))


@dataclass(frozen=True)
class Returned:
    """What the coordinator asked the applicant to address when they returned the
    application: rule ids and their reason."""

    rules: tuple[str, ...]
    reason: str
    on: object


def last_return(application: Application) -> Returned | None:
    """The latest `application.returned` event, while the application is returned."""
    if application.state != states.RETURNED:
        return None
    with scope(association=application.association_id):
        event = (
            Event.objects.filter(
                subject_type=Application._meta.label_lower,
                subject_id=str(application.pk),
                verb="application.returned",
            )
            .order_by("-id")
            .first()
        )
    if event is None:
        return None
    return Returned(tuple((event.data or {}).get("rules", ())), event.reason, event.created_at)
