"""Reads of the verifiable credentials: published keys and the revocation status list.

These are public documents read by anyone's verifier, so they read one association's rows
inside its scope (`run_in_scope`)."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from dyad.credentials.models import Endorsement

from . import documents, proofs, services
from .models import IssuerKey, StatusEntry

STATUS_LIST_CACHE_SECONDS = 24 * 60 * 60
#: How long computed bits are reused while no endorsement of the association was saved: the
#: longest a change made around the services (a bulk update, raw SQL) can go unseen.
BITS_CACHE_SECONDS = 60


def _version_key(association_id: int) -> str:
    return f"dyad:badges:status-version:{association_id}"


def endorsements_changed(association_id: int) -> None:
    """Forget the association's computed bits (a signal handler calls this when an endorsement
    is saved, and again once the change commits)."""
    cache.set(_version_key(association_id), uuid.uuid4().hex, None)


def published_keys(association) -> list[IssuerKey]:
    """Every key the association has signed with, oldest first (current and retired)."""
    return list(IssuerKey.objects.filter(association=association).order_by("serial"))


def revoked_indexes(association) -> set[int]:
    """The status list indexes whose endorsement is not in force today: revoked, lapsed, or past
    its expiry date and grace period (whatever the stored status says). One query."""
    in_force = Endorsement.objects.current().filter(association=association).values("pk")
    return set(
        StatusEntry.objects.filter(association=association)
        .exclude(endorsement__in=in_force)
        .values_list("index", flat=True)
    )


def encoded_status_list(association) -> str:
    """The association's `encodedList`, computed from the endorsements; reused for up to
    BITS_CACHE_SECONDS under a version that every save of one of its endorsements replaces
    (and under today's date, since a grace period ends at midnight; and the last index given,
    since a new place may start set)."""
    version = cache.get(_version_key(association.pk))
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(_version_key(association.pk), version, None):
            version = cache.get(_version_key(association.pk), version)
    last = StatusEntry.objects.filter(association=association).aggregate(m=Max("index"))["m"]
    key = f"dyad:badges:status-bits:{association.pk}:{version}:{timezone.localdate()}:{last}"
    encoded = cache.get(key)
    if encoded is None:
        encoded, _size = documents.encode_bits(revoked_indexes(association))
        cache.set(key, encoded, BITS_CACHE_SECONDS)
    return encoded


def status_list_credential(association) -> dict:
    """The association's signed BitstringStatusListCredential.

    Signed only when its content changed: the signed document is cached under a hash of the list
    and the signing key."""
    encoded = encoded_status_list(association)
    key = services.current_key(association)
    digest = hashlib.sha256(
        json.dumps([documents.status_list_url(association), key.pk, key.serial, encoded]).encode()
    ).hexdigest()
    cache_key = f"dyad:badges:status-list:{association.pk}:{digest}"
    signed = cache.get(cache_key)
    if signed is None:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        unsigned = documents.status_list_credential(association, encoded, now)
        signed = proofs.sign(
            unsigned, key.private_key(), documents.key_url(association, key.serial)
        )
        cache.set(cache_key, signed, STATUS_LIST_CACHE_SECONDS)
    return signed
