"""Changing an association's renewal settings: the only way they change (one transaction, the
row locked, an event naming what changed; the same values again change and record nothing)."""

from __future__ import annotations

from django.db import transaction

from dyad.core.errors import DyadError, validation_as_dyad_error
from dyad.core.events import record_event

from .models import RenewalSettings, settings_for

EDITABLE = (
    "mode",
    "fixed_month",
    "fixed_day",
    "reminder_days",
    "grace_reminder_days",
    "audit_share",
)


class RenewalSettingsError(DyadError):
    """A renewal setting that cannot be saved; `field` names it."""


def update_renewal_settings(*, association, actor, changes: dict) -> RenewalSettings:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise RenewalSettingsError(f"not renewal settings: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = RenewalSettings.objects.select_for_update().get(pk=settings_for(association).pk)
        before = {k: getattr(locked, k) for k in EDITABLE}
        for key, value in changes.items():
            setattr(locked, key, value)
        if locked.mode == RenewalSettings.Mode.ANNIVERSARY:
            locked.fixed_month = locked.fixed_day = None
        with validation_as_dyad_error(RenewalSettingsError):
            locked.full_clean()
        changed = {
            k: [_plain(before[k]), _plain(getattr(locked, k))]
            for k in EDITABLE
            if _plain(before[k]) != _plain(getattr(locked, k))
        }
        if not changed:
            return locked
        locked.save()
        record_event(
            subject=locked,
            association=locked.association,
            actor=actor,
            verb="renewal.settings_changed",
            data={"changed": changed},
        )
    return locked


def _plain(value):
    """A setting as JSON keeps it (the event's data)."""
    if value is None or isinstance(value, (int, str, list)):
        return value
    return str(value)
