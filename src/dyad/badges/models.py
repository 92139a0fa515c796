"""Issuer keys and status list entries of the verifiable credentials (Open Badges 3.0).

Both belong to an association (tenant data, scoped). Keys are never deleted: a retired key stays
published so that credentials signed with it still verify. A status list index is given to an
endorsement once and never reused, so a bit always means the same credential.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from . import crypto


class IssuerKey(models.Model):
    """One Ed25519 key of an association. The current key (`retired` empty) signs; older ones
    stay published at their URL for verification."""

    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="issuer_keys"
    )
    #: The key's number within its association (1, 2, ...): part of its URL, never reused.
    serial = models.PositiveIntegerField(_("key number"))
    public_key = models.BinaryField(_("public key"), max_length=32)
    private_key_encrypted = models.BinaryField(_("encrypted private key"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    retired = models.DateTimeField(_("retired"), null=True, blank=True)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["association", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["association", "serial"], name="issuer_key_serial"),
            models.UniqueConstraint(
                fields=["association"],
                condition=models.Q(retired__isnull=True),
                name="one_current_issuer_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association_id} key {self.serial}"

    @property
    def public_key_multibase(self) -> str:
        return crypto.public_key_multibase(bytes(self.public_key))

    def private_key(self):
        return crypto.decrypt_private_key(self.private_key_encrypted)


class StatusEntry(models.Model):
    """The place of one endorsement in its association's revocation status list."""

    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="status_entries"
    )
    endorsement = models.OneToOneField(
        "credentials.Endorsement", on_delete=models.PROTECT, related_name="status_entry"
    )
    index = models.PositiveIntegerField(_("status list index"))

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["association", "index"]
        constraints = [
            models.UniqueConstraint(fields=["association", "index"], name="status_entry_index")
        ]

    def __str__(self) -> str:
        return f"{self.association_id} #{self.index}"
