"""Reads of the verifiable credentials: published keys and the revocation status list.

These are public documents read by anyone's verifier, so they read one association's rows
inside its scope (`run_in_scope`)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from django.core.cache import cache

from dyad.credentials.models import Endorsement

from . import documents, proofs, services
from .models import IssuerKey, StatusEntry

STATUS_LIST_CACHE_SECONDS = 24 * 60 * 60


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


def status_list_credential(association) -> dict:
    """The association's signed BitstringStatusListCredential.

    Computed from the endorsements each time, signed only when its content changed: the signed
    document is cached under a hash of the list and the signing key."""
    encoded, _size = documents.encode_bits(revoked_indexes(association))
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
