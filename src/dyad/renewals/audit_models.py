"""The renewal itself and its audit (the second half of the models, see models.py).

A `Renewal` is one endorsed person renewing one endorsement for one period: `period_expires` is
the expiry being renewed, so a period is renewed once (unique with the endorsement) and a retried
"start" finds the row already there. Rows change only through `renewals/services.py` (each move
an event). `draw` records the audit draw (seed, share, value) so anyone can re-run it and get the
same answer (`renewals/draw.py`). `AuditEvidence` is a document a person drawn for audit uploads:
checked by content, kept in the private storage, streamed only by a view that checked access.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from dyad.core.private_files import private_storage

__all__ = ["AuditEvidence", "Renewal"]


class Renewal(models.Model):
    class State(models.TextChoices):
        STARTED = "started", _("started")
        SUBMITTED = "submitted", _("submitted")
        AUDIT = "audit", _("drawn for audit")
        RETURNED = "returned", _("returned for more")
        GRANTED = "granted", _("granted")

    class Fee(models.TextChoices):
        NONE = "none", _("no fee")
        DUE = "due", _("due")
        PAID = "paid", _("paid")
        WAIVED = "waived", _("waived")

    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="renewals"
    )
    endorsement = models.ForeignKey(
        "credentials.Endorsement", on_delete=models.PROTECT, related_name="renewals"
    )
    #: the person renewing (the endorsement's holder when the renewal started)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="renewals"
    )
    #: the expiry this renewal renews; the new one is `new_expires` once granted
    period_expires = models.DateField(_("expiry being renewed"))
    new_expires = models.DateField(_("new expiry"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.STARTED
    )
    fee_amount = models.DecimalField(
        _("fee"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    fee_currency = models.CharField(_("currency"), max_length=3, default="USD")
    fee_status = models.CharField(_("fee"), max_length=8, choices=Fee.choices, default=Fee.DUE)
    fee_reference = models.CharField(_("payment reference"), max_length=120, blank=True)
    #: whether the audit draw picked this renewal, and the draw itself (seed, share, value)
    drawn = models.BooleanField(_("drawn for audit"), default=False)
    draw = models.JSONField(default=dict, blank=True)
    #: the engine's assessment (renewal mode) when the person submitted, frozen
    assessment = models.JSONField(default=dict, blank=True)
    return_reason = models.TextField(_("what to add"), blank=True)
    agreements_signed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["association", "state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["endorsement", "period_expires"], name="renewal_once_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"renewal #{self.pk} of endorsement {self.endorsement_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state != self.State.GRANTED

    @property
    def fee_is_due(self) -> bool:
        return self.fee_status == self.Fee.DUE and self.is_open


def evidence_path(instance: AuditEvidence, filename: str) -> str:
    """A random name: never the person's file name (it is kept in `original_name`)."""
    extension = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(
        instance.content_type, ""
    )
    return f"renewal-evidence/{uuid.uuid4().hex}{extension}"


class AuditEvidence(models.Model):
    """A document a person drawn for audit uploads (a training certificate, an RS/C
    confirmation): a PDF, PNG or JPEG checked by content."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("certificate of training")
        RSC = "rsc", _("reflective supervision/consultation confirmation")
        OTHER = "other", _("other evidence")

    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="+"
    )
    renewal = models.ForeignKey(Renewal, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("what it shows"), max_length=10, choices=Kind.choices)
    original_name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(storage=private_storage, upload_to=evidence_path, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    key = models.UUIDField(null=True, blank=True, editable=False)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("audit evidence")
        verbose_name_plural = _("audit evidence")
        constraints = [
            models.UniqueConstraint(fields=["renewal", "key"], name="evidence_once_per_request"),
        ]

    def __str__(self) -> str:
        return self.original_name
