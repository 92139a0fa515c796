"""Endorsements: the credential an association grants. Certificates and verifiable credentials
build on this model."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from dyad.standards.codes import CATEGORIES

CATEGORY_CHOICES = [(c, c) for c in CATEGORIES]


class Endorsement(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        LAPSED = "lapsed", _("lapsed")
        REVOKED = "revoked", _("revoked")

    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="endorsements"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="endorsements",
    )
    holder_name = models.CharField(_("name on the credential"), max_length=200)
    category = models.CharField(_("category"), max_length=10, choices=CATEGORY_CHOICES)
    number = models.CharField(_("endorsement number"), max_length=40, unique=True)
    granted = models.DateField(_("granted"))
    expires = models.DateField(_("expires"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["holder_name", "category"]
        indexes = [models.Index(fields=["status", "holder_name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires__gte=models.F("granted")),
                name="endorsement_expires_after_granted",
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder_name}, {self.category} ({self.number})"
