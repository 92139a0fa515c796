"""Writes to associations: each one transaction with its event (style.md, rule 3)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from dyad.core.errors import DyadError
from dyad.core.events import record_event

from .models import Association, StaffMembership

EDITABLE = (
    "name",
    "contact_email",
    "phone",
    "website",
    "address",
    "currency",
    "application_fee",
    "renewal_fee",
)


def update_association_settings(*, association: Association, actor, changes: dict) -> Association:
    """Change an association's contact details and fees; the event lists what changed."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DyadError(f"These settings cannot be changed here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Association.objects.select_for_update().get(pk=association.pk)
        before = {k: str(getattr(locked, k)) for k in changes}
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.full_clean()
        locked.save()
        changed = {k: [before[k], str(v)] for k, v in changes.items() if before[k] != str(v)}
        if changed:
            record_event(
                subject=locked,
                association=locked,
                actor=actor,
                verb="association.settings_changed",
                data={"changed": changed},
            )
    return locked


def add_staff_member(*, association: Association, user, role: str, actor=None) -> StaffMembership:
    """Give a person a staff role in an association (coordinator, reviewer, exam scorer)."""
    if role not in StaffMembership.Role.values:
        raise DyadError(f"Unknown role {role!r}.", field="role")
    try:
        with transaction.atomic():
            membership = StaffMembership.objects.create(
                association=association, user=user, role=role
            )
            record_event(
                subject=membership,
                association=association,
                actor=actor,
                verb="staff.role_granted",
                to_state=role,
                data={"user": user.pk},  # an id: names are read when shown
            )
    except IntegrityError:
        raise DyadError(f"{user.email} already has the role {role} here.", field="role") from None
    return membership
