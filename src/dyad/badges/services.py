"""Writes of the verifiable credentials: issuer keys (created, rotated) and status list places.

Each is one transaction that locks the association's row first, so two requests at once never
make two current keys or give one index twice, and records its event with the change.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dyad.associations.models import Association
from dyad.core.events import record_event

from . import crypto, documents, proofs
from .models import IssuerKey, StatusEntry


def _lock(association) -> Association:
    return Association.objects.select_for_update().get(pk=association.pk)


def _new_key(association, serial: int) -> IssuerKey:
    private_key = crypto.new_private_key()
    return IssuerKey.objects.create(
        association=association,
        serial=serial,
        public_key=crypto.public_bytes(private_key),
        private_key_encrypted=crypto.encrypt_private_key(private_key),
    )


def current_key(association, *, actor=None) -> IssuerKey:
    """The key the association signs with now, made the first time it is needed."""
    key = IssuerKey.objects.filter(association=association, retired__isnull=True).order_by().first()
    if key is not None:
        return key
    with transaction.atomic():
        locked = _lock(association)
        key = IssuerKey.objects.filter(association=locked, retired__isnull=True).first()
        if key is not None:
            return key
        key = _new_key(locked, 1 + _last_serial(locked))
        record_event(
            subject=key,
            verb="issuer_key.created",
            actor=actor,
            association=locked,
            data={"serial": key.serial},
        )
    return key


def rotate_key(association, *, actor=None, reason: str = "") -> IssuerKey:
    """Retire the current key and make a new one that signs from now on. The retired key stays
    published, so credentials signed with it still verify."""
    with transaction.atomic():
        locked = _lock(association)
        now = timezone.now()
        old = list(
            IssuerKey.objects.select_for_update().filter(association=locked, retired__isnull=True)
        )
        for key in old:
            key.retired = now
            key.save(update_fields=["retired"])
        key = _new_key(locked, 1 + _last_serial(locked))
        record_event(
            subject=key,
            verb="issuer_key.rotated",
            actor=actor,
            association=locked,
            reason=reason,
            data={"serial": key.serial, "retired": [k.serial for k in old]},
        )
    return key


def _last_serial(association) -> int:
    return IssuerKey.objects.filter(association=association).aggregate(m=Max("serial"))["m"] or 0


def status_entry(endorsement, *, actor=None) -> StatusEntry:
    """The endorsement's place in its association's status list, given the first time its
    credential is issued and kept for good (indexes are never reused)."""
    entry = StatusEntry.objects.filter(endorsement=endorsement).first()
    if entry is not None:
        return entry
    with transaction.atomic():
        locked = _lock(endorsement.association)
        entry = StatusEntry.objects.filter(endorsement=endorsement).first()
        if entry is not None:
            return entry
        last = StatusEntry.objects.filter(association=locked).aggregate(m=Max("index"))["m"]
        entry = StatusEntry.objects.create(
            association=locked, endorsement=endorsement, index=0 if last is None else last + 1
        )
        record_event(
            subject=endorsement,
            verb="verifiable_credential.first_issued",
            actor=actor,
            association=locked,
            data={"number": endorsement.number, "index": entry.index},
        )
    return entry


def issue_credential(endorsement, *, actor=None) -> dict:
    """The endorsement's OpenBadgeCredential, signed now with the association's current key.

    Call inside the association's scope. Issued whatever the endorsement's state: a revoked or
    lapsed one is marked so in the status list, which is what verifiers check."""
    entry = status_entry(endorsement, actor=actor)
    key = current_key(endorsement.association, actor=actor)
    unsigned = documents.credential(endorsement, entry.index)
    return proofs.sign(
        unsigned, key.private_key(), documents.key_url(endorsement.association, key.serial)
    )
