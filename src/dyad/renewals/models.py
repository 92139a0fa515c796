"""Renewals: the models. The second half lives in `audit_models.py` (imported at the end).

This half (the sweep's): each association's renewal settings, and the record of every reminder
step already done for an endorsement's period, so a step is never sent twice.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

#: Reminders before `expires` (days before; 0 is the day itself), by default.
DEFAULT_REMINDER_DAYS = [90, 30, 7, 0]
#: Reminders during the grace period (days after `expires`), by default.
DEFAULT_GRACE_REMINDER_DAYS = [30, 60, 85]


def default_reminder_days() -> list[int]:
    return list(DEFAULT_REMINDER_DAYS)


def default_grace_reminder_days() -> list[int]:
    return list(DEFAULT_GRACE_REMINDER_DAYS)


def same_day_in_year(day: date, year: int) -> date:
    """`day` in another year; 29 February becomes 28 February in a year without it."""
    last = calendar.monthrange(year, day.month)[1]
    return date(year, day.month, min(day.day, last))


class RenewalSettings(models.Model):
    """How an association runs renewals (one row per association, made on first use by
    `settings_for`)."""

    class Mode(models.TextChoices):
        ANNIVERSARY = "anniversary", _("on each endorsement's anniversary")
        FIXED = "fixed", _("on one date a year for everyone")

    association = models.OneToOneField(
        "associations.Association", on_delete=models.CASCADE, related_name="renewal_settings"
    )
    mode = models.CharField(
        _("renewal date"), max_length=12, choices=Mode.choices, default=Mode.ANNIVERSARY
    )
    fixed_month = models.PositiveSmallIntegerField(
        _("month of the yearly renewal date"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    fixed_day = models.PositiveSmallIntegerField(
        _("day of the yearly renewal date"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    reminder_days = models.JSONField(
        _("reminders before expiry (days)"),
        default=default_reminder_days,
        blank=True,
        help_text=_("Days before the expiry date; 0 is the day itself."),
    )
    grace_reminder_days = models.JSONField(
        _("reminders during the grace period (days after expiry)"),
        default=default_grace_reminder_days,
        blank=True,
    )
    audit_share = models.DecimalField(
        _("share of renewals drawn for audit"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.100"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Between 0 and 1: 0.10 draws one renewal in ten."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(association="association")

    class Meta:
        verbose_name = _("renewal settings")
        verbose_name_plural = _("renewal settings")

    def __str__(self) -> str:
        return f"renewal settings of {self.association_id}"

    def clean(self) -> None:
        errors = {}
        if self.mode == self.Mode.FIXED:
            if not self.fixed_month:
                errors["fixed_month"] = _("Choose the month of the yearly renewal date.")
            if not self.fixed_day:
                errors["fixed_day"] = _("Choose the day of the yearly renewal date.")
            # 29 February is refused: it does not come every year.
            if (
                self.fixed_month
                and self.fixed_day
                and self.fixed_day > calendar.monthrange(2025, self.fixed_month)[1]
            ):
                errors["fixed_day"] = _("That month has no such day every year.")
        for name, limit in (("reminder_days", 365), ("grace_reminder_days", 365)):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(
                isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= limit for d in value
            ):
                errors[name] = _("Give whole numbers of days between 0 and %(limit)s.") % {
                    "limit": limit
                }
            else:
                setattr(self, name, sorted(set(value), reverse=name == "reminder_days"))
        if errors:
            raise ValidationError(errors)

    def fixed_date_in(self, year: int) -> date:
        return date(year, self.fixed_month, self.fixed_day)

    def next_expires(self, current_expires: date) -> date:
        """The new expiry of a renewal of an endorsement that expires on `current_expires`.

        On the anniversary: one year later (29 February becomes 28 February). On one date a
        year: the first association date at least a year after `current_expires`, so a renewal
        never buys less than a year (someone moved onto the common date gets a longer first
        period, never a shorter one)."""
        year_later = same_day_in_year(current_expires, current_expires.year + 1)
        if self.mode != self.Mode.FIXED or not (self.fixed_month and self.fixed_day):
            return year_later
        candidate = self.fixed_date_in(year_later.year)
        if candidate < year_later:
            candidate = self.fixed_date_in(year_later.year + 1)
        return candidate


def settings_for(association) -> RenewalSettings:
    """The association's renewal settings, made with the defaults the first time (an instance
    or a pk)."""
    association_id = getattr(association, "pk", association)
    row, _created = RenewalSettings.objects.get_or_create(association_id=association_id)
    return row


class ReminderSent(models.Model):
    """One step of the renewal sweep done for one endorsement's period (the `expires` it is
    about), so the step is never done twice: a reminder before expiry (`before-90` ...
    `before-0`), entering grace (`grace`), a reminder during grace (`grace-30` ...), or the
    lapse notice (`lapsed`). Written in bulk by the sweep, in the transaction of its emails."""

    association = models.ForeignKey(
        "associations.Association", on_delete=models.PROTECT, related_name="+"
    )
    endorsement = models.ForeignKey(
        "credentials.Endorsement", on_delete=models.CASCADE, related_name="renewal_reminders"
    )
    step = models.CharField(max_length=20)
    period = models.DateField(help_text="The expiry date the step is about.")
    sent_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(association="association")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["endorsement", "step", "period"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.endorsement_id} {self.step} {self.period}"


from .audit_models import *  # noqa: E402, F403
