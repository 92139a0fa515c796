"""Granting many endorsements at once (an association bringing in its existing endorsees).

The same rules and the same events as `services.grant_endorsement` followed by
`lapse_endorsement` or `revoke_endorsement`, for thousands of rows in a few statements: each row
is checked as the services check it (fields, dates, a lapse only once out of force, a reason
for a revocation), then the rows and their events go in a few statements
(`core.bulk.insert_rows`). The caller's transaction holds it all: one bad row raises
`CredentialError` and nothing is saved. Numbers must be new (the caller looked them up); one
taken meanwhile fails the unique constraint, which rolls the whole batch back.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypedDict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from dyad.core.bulk import insert_rows
from dyad.core.errors import NotInTransaction, validation_as_dyad_error
from dyad.core.models import Event

from .models import Endorsement
from .services import CredentialError, Status, _last_day_in_force

SUBJECT = "credentials.endorsement"


class Grant(TypedDict, total=False):
    number: str
    holder_name: str
    category: str
    granted: date
    expires: date
    holder: Any
    county: str
    state: str
    status: str  # active (default), lapsed or revoked
    reason: str  # why it is revoked


def grant_endorsements(
    grants: list[Grant], *, association, actor=None, reason: str = "", data: dict | None = None
) -> list[Endorsement]:
    """Grant every endorsement of `grants` (then lapse or revoke those whose `status` says so),
    with the events the services would record, each also carrying `data` (an import's id).
    Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransaction("grant_endorsements must run inside the caller's transaction")
    today = timezone.localdate()
    rows = []
    for grant in grants:
        status = grant.get("status") or Status.ACTIVE
        row = Endorsement(
            association=association,
            holder=grant.get("holder"),
            holder_name=grant["holder_name"],
            category=grant["category"],
            number=grant["number"],
            granted=grant["granted"],
            expires=grant["expires"],
            status=status,
            county=(grant.get("county") or "").strip(),
            state=(grant.get("state") or "").strip().upper(),
        )
        with validation_as_dyad_error(CredentialError):
            row.clean_fields(exclude=["association", "holder"])
            row.clean()
        if status == Status.LAPSED and _last_day_in_force(row, row.expires) >= today:
            raise CredentialError(
                _(
                    "Endorsement %(number)s is still in force by its dates, so it has not "
                    "lapsed; revoke it instead."
                )
                % {"number": row.number},
                field="status",
            )
        if status == Status.REVOKED:
            if not (grant.get("reason") or "").strip():
                raise CredentialError(_("Say why the endorsement is revoked."), field="reason")
            row.revoked_on = today
            row.revocation_reason = grant["reason"].strip()
        rows.append(row)
    for row in rows:
        row.fill_keys()
    insert_rows(Endorsement, rows)
    _read_ids(rows)
    now = timezone.now()
    actor = actor if getattr(actor, "is_authenticated", False) else None
    events = []
    for row in rows:
        values = {
            "number": row.number,
            "category": row.category,
            "expires": row.expires.isoformat(),
            **(data or {}),
        }
        common = {
            "created_at": now,
            "actor": actor,
            "association": association,
            "subject_type": SUBJECT,
            "subject_id": str(row.pk),
            "data": values,
        }
        events.append(
            Event(verb="endorsement.granted", to_state=Status.ACTIVE, reason=reason, **common)
        )
        if row.status != Status.ACTIVE:
            events.append(
                Event(
                    verb=f"endorsement.{row.status}",
                    from_state=Status.ACTIVE,
                    to_state=row.status,
                    reason=row.revocation_reason or reason,
                    **common,
                )
            )
    insert_rows(Event, events)
    return rows


def _read_ids(rows: list[Endorsement]) -> None:
    """Each new row's id, by its number (unique across associations, hence unscoped)."""
    with scopes_disabled():
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            ids = dict(
                Endorsement.objects.filter(number__in=[r.number for r in chunk]).values_list(
                    "number", "pk"
                )
            )
            for row in chunk:
                row.pk = ids[row.number]
