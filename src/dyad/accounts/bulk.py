"""Accounts for people an association brings in (an import of its endorsees), many at once.

Such a person has no password: the account is theirs once they claim it by a password reset
to the address the association gave (allauth's reset proves the address). Each account is
created with its allauth address (unverified, primary) and an event `person.imported` carrying
the caller's `data` (an import's id), in the caller's transaction.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from dyad.core.bulk import insert_rows
from dyad.core.errors import NotInTransaction
from dyad.core.models import Event

from .models import User

SUBJECT = "accounts.user"


def normal_email(email: str) -> str:
    """How an address is compared and stored: stripped, lower case."""
    return email.strip().lower()


def is_email(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def people_by_email(emails) -> dict[str, User]:
    """{address: account} for the addresses that have one (batches of 500 addresses)."""
    emails = sorted({normal_email(e) for e in emails if e})
    found: dict[str, User] = {}
    for start in range(0, len(emails), 500):
        for user in User.objects.filter(email__in=emails[start : start + 500]):
            found[user.email.lower()] = user
    return found


def _unusable() -> str:
    """What `make_password(None)` stores (the prefix says: no password), with its random
    suffix drawn in one call instead of forty."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def create_unclaimed_people(
    people: list[tuple[str, str]], *, actor=None, association=None, data: dict | None = None
) -> dict[str, User]:
    """Create an account per (email, name) with no usable password; {email: account}."""
    from allauth.account.models import EmailAddress

    if not transaction.get_connection().in_atomic_block:
        raise NotInTransaction("create_unclaimed_people must run inside the caller's transaction")
    users = [
        User(
            email=normal_email(email),
            display_name=name[:150],
            password=_unusable(),
        )
        for email, name in people
    ]
    insert_rows(User, users)
    ids = {}
    emails = [u.email for u in users]
    for start in range(0, len(emails), 500):
        ids.update(
            User.objects.filter(email__in=emails[start : start + 500]).values_list("email", "pk")
        )
    for user in users:
        user.pk = ids[user.email]
    insert_rows(
        EmailAddress,
        [EmailAddress(user=u, email=u.email, verified=False, primary=True) for u in users],
    )
    now = timezone.now()
    actor = actor if getattr(actor, "is_authenticated", False) else None
    insert_rows(
        Event,
        [
            Event(
                created_at=now,
                actor=actor,
                association=association,
                subject_type=SUBJECT,
                subject_id=str(u.pk),
                verb="person.imported",
                data={"person": u.pk, **(data or {})},
            )
            for u in users
        ],
    )
    return {u.email: u for u in users}
