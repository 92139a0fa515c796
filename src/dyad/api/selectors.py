"""Reads for the API: one page at a time by a cursor (the last id seen), never COUNT or OFFSET,
each page in a fixed number of queries whatever its size. Keyed reads run in the key's
association scope (the scoped managers refuse anything else)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from dyad.applications.models import Application
from dyad.credentials.models import Endorsement, grace_days, search_key
from dyad.credentials.status import standing

from .problems import Problem

MAX_PAGE = 100


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")


def decode_cursor(value: str | None) -> int:
    """The id a cursor stands for (0 for none); a cursor that is not one is a 422 naming it."""
    if not value:
        return 0
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        kind, _, pk = text.partition(":")
        if kind == "id" and pk.isdigit() and len(pk) < 19:
            return int(pk)
    except (ValueError, UnicodeDecodeError):
        pass
    raise Problem(
        422, "The cursor is not one this API gave", "Use next_cursor as it came.", "cursor"
    )


def page_of(rows, cursor: str | None, size: int) -> Page:
    """`rows` ordered by id, from after the cursor: one query (one row more than the page to
    learn whether another follows)."""
    found = list(rows.filter(pk__gt=decode_cursor(cursor)).order_by("pk")[: size + 1])
    more = len(found) > size
    found = found[:size]
    return Page(found, encode_cursor(found[-1].pk) if more and found else None)


def _grace_q(today, within: bool) -> Q:
    """Active rows past `expires` but within (or past) the grace period, per category."""
    parts = Q(pk__in=[])
    for code, days in grace_days().items():
        last = today - timedelta(days=days)
        if within:
            parts |= Q(category=code, expires__lt=today, expires__gte=last)
        else:
            parts |= Q(category=code, expires__lt=last)
    return parts


def endorsements(
    association, *, status="", category="", q="", expires_before=None, expires_after=None
):
    today = timezone.localdate()
    rows = Endorsement.objects.filter(association=association)
    active = Endorsement.Status.ACTIVE
    if status == "active":
        rows = rows.filter(status=active, expires__gte=today)
    elif status == "grace":
        rows = rows.filter(_grace_q(today, True), status=active)
    elif status == "lapsed":
        rows = rows.filter(
            Q(status=Endorsement.Status.LAPSED) | (Q(status=active) & _grace_q(today, False))
        )
    elif status == "revoked":
        rows = rows.filter(status=Endorsement.Status.REVOKED)
    if category:
        rows = rows.filter(category=category)
    for word in search_key(q).split():
        rows = rows.filter(search_key__contains=word)
    if expires_before:
        rows = rows.filter(expires__lte=expires_before)
    if expires_after:
        rows = rows.filter(expires__gte=expires_after)
    return rows


def endorsement_out(e: Endorsement) -> dict:
    s = standing(e)
    return {
        "number": e.number,
        "holder_name": e.holder_name,
        "person_id": e.holder_id,
        "category": e.category,
        "status": s.state,
        "in_force": s.in_force,
        "granted": e.granted,
        "expires": e.expires,
        "county": e.county,
        "state": e.state,
        "requirement_set": e.requirement_set,
        "requirement_set_version": e.requirement_set_version,
    }


def renewals_due(association, days: int):
    """Endorsements in force whose `expires` falls within `days` from today (or has passed,
    within the grace period): what a renewal is due for, soonest first by id paging."""
    today = timezone.localdate()
    return Endorsement.objects.current().filter(
        association=association, expires__lte=today + timedelta(days=days)
    )


def people(association):
    """People with an endorsement of the association or an application to it."""
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=Endorsement.objects.filter(association=association).values("holder_id"))
            | Q(pk__in=Application.objects.filter(association=association).values("applicant_id"))
        )
        .only("pk", "email", "display_name", "first_name", "last_name")
    )


def people_out(association, persons: list) -> list[dict]:
    """Each person with the numbers of their endorsements and the ids of their applications
    here: two queries for the whole page."""
    ids = [p.pk for p in persons]
    numbers: dict[int, list[str]] = {pk: [] for pk in ids}
    for holder, number in (
        Endorsement.objects.filter(association=association, holder_id__in=ids)
        .order_by("number")
        .values_list("holder_id", "number")
    ):
        numbers[holder].append(number)
    applied: dict[int, list[int]] = {pk: [] for pk in ids}
    for applicant, pk in (
        Application.objects.filter(association=association, applicant_id__in=ids)
        .order_by("pk")
        .values_list("applicant_id", "pk")
    ):
        applied[applicant].append(pk)
    return [
        {
            "id": p.pk,
            "name": p.name,
            "email": p.email,
            "endorsements": numbers[p.pk],
            "applications": applied[p.pk],
        }
        for p in persons
    ]


def applications(association, *, state="", category=""):
    rows = Application.objects.filter(association=association).select_related(
        "applicant", "endorsement"
    )
    if state:
        rows = rows.filter(state=state)
    if category:
        rows = rows.filter(category=category)
    return rows


def application_out(a: Application) -> dict:
    return {
        "id": a.pk,
        "person_id": a.applicant_id,
        "person_name": a.applicant.name,
        "category": a.category,
        "state": a.state,
        "state_text": a.get_state_display(),
        "requirement_set": a.requirement_set,
        "requirement_set_version": a.requirement_set_version,
        "started_at": a.started_at,
        "submitted_at": a.submitted_at,
        "decided_at": a.decided_at,
        "endorsement": a.endorsement.number if a.endorsement_id else None,
    }
