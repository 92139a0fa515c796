"""Endorsements: the credential an association grants. Certificates and verifiable credentials
build on this model."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from dyad.standards.codes import CATEGORIES
from dyad.standards.requirement_sets import baseline_for

CATEGORY_CHOICES = [(c, c) for c in CATEGORIES]


@cache
def grace_days() -> dict[str, int]:
    """Days after `expires` that an endorsement still counts, per category: the `grace_days` of
    the renewal `endorsement` rule in the category's baseline requirement set (90 in both
    baselines; docs/rules.md: endorsement). One day more and it has lapsed."""
    result = {}
    for code in CATEGORIES:
        for rule in baseline_for(code).category(code).renewal:
            if rule.rule == "endorsement":
                result[code] = int(rule.params["grace_days"])
    return result


class EndorsementQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        """Endorsements in force on `on` (today by default): stored as active, and `expires`
        plus the category's grace period not yet passed, whatever the stored status says (a
        lapse recorded late must not keep someone on the registry)."""
        on = on or timezone.localdate()
        by_grace: dict[int, list[str]] = {}
        for code, days in grace_days().items():
            by_grace.setdefault(days, []).append(code)
        in_force = models.Q(pk__in=[])
        for days, codes in by_grace.items():
            in_force |= models.Q(category__in=codes, expires__gte=on - timedelta(days=days))
        return self.filter(in_force, status=Endorsement.Status.ACTIVE)


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
    # Set by revoke_endorsement, cleared by reinstate_endorsement: the verification page and the
    # holder's page say when and why without reading the event log (which keeps every revocation).
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = ScopedManager(
        association="association",
        _manager_class=models.Manager.from_queryset(EndorsementQuerySet),
    )

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

    def is_in_force(self, on: date | None = None) -> bool:
        """The same rule as `Endorsement.objects.current()`, for one row already loaded."""
        on = on or timezone.localdate()
        last_day = self.expires + timedelta(days=grace_days()[self.category])
        return self.status == self.Status.ACTIVE and on <= last_day

    def clean(self) -> None:
        # The check constraint says the same to the database; this names the field for a person.
        if self.granted and self.expires and self.expires < self.granted:
            raise ValidationError(
                {"expires": _("The expiry date cannot be before the date it was granted.")}
            )
