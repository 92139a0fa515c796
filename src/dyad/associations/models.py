"""Associations are the tenants: each licenses standards and has its own staff and people."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

STANDARD_CHOICES = [("IMH-E", "IMH-E"), ("ECMH-E", "ECMH-E")]


class Association(models.Model):
    """A licensed association (a tenant). The root of every scope; not itself scoped."""

    slug = models.SlugField(_("short name"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    standards = models.JSONField(_("licensed standards"), default=list)
    contact_email = models.EmailField(_("contact email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    application_fee = models.DecimalField(
        _("application fee"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    renewal_fee = models.DecimalField(
        _("renewal fee"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("How many reviewers recommend on each application before the decision."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffMembership(models.Model):
    """A person's role in one association's staff."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        REVIEWER = "reviewer", _("reviewer")
        EXAM_SCORER = "exam_scorer", _("exam scorer")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "user", "role"], name="one_role_once_per_association"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.association})"
