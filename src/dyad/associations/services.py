"""Writes to associations: each one transaction with its event (style.md, rule 3)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from dyad.core.errors import DyadError, validation_as_dyad_error
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
    "reviewers_per_application",
)


CONTACT_DETAILS = frozenset({"contact_email", "phone", "address"})


def update_association_settings(*, association: Association, actor, changes: dict) -> Association:
    """Change an association's contact details and fees; the event lists what changed."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DyadError(
            _("These settings cannot be changed here: %(names)s.")
            % {"names": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = Association.objects.select_for_update().get(pk=association.pk)
        before = {k: str(getattr(locked, k)) for k in changes}
        for key, value in changes.items():
            setattr(locked, key, value)
        with validation_as_dyad_error():
            locked.full_clean()
        locked.save()
        # Contact details may be a person's: the event says they changed, not what they were.
        changed = {
            k: [] if k in CONTACT_DETAILS else [before[k], str(v)]
            for k, v in changes.items()
            if before[k] != str(v)
        }
        if changed:
            record_event(
                subject=locked,
                association=locked,
                actor=actor,
                verb="association.settings_changed",
                data={"changed": changed},
            )
    return locked


def create_association(*, actor, **values) -> Association:
    """A new licensed association (a tenant), with its event; the Alliance's act."""
    with transaction.atomic():
        association = Association(**values)
        with validation_as_dyad_error():
            association.full_clean()
        association.save()
        record_event(
            subject=association,
            association=association,
            actor=actor,
            verb="association.created",
            data={"name": association.name, "standards": list(association.standards)},
        )
    return association


def add_staff_member(*, association: Association, user, role: str, actor=None) -> StaffMembership:
    """Give a person a staff role in an association (coordinator, reviewer, exam scorer)."""
    if role not in StaffMembership.Role.values:
        raise DyadError(_("There is no role %(role)s.") % {"role": role}, field="role")
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
        # The person's name, not their email: an error message is shown and may be logged.
        name = user.display_name or user.get_full_name() or _("This person")
        raise DyadError(
            _("%(name)s already has the role %(role)s here.")
            % {"name": name, "role": StaffMembership.Role(role).label},
            field="role",
        ) from None
    return membership


def remove_staff_member(*, membership: StaffMembership, actor=None, reason: str = "") -> None:
    """End one staff role of a person in an association (the reverse of `add_staff_member`)."""
    with transaction.atomic():
        record_event(
            subject=membership,
            association=membership.association,
            actor=actor,
            verb="staff.role_removed",
            from_state=membership.role,
            reason=reason,
            data={"user": membership.user_id},
        )
        membership.delete()


def end_roles_of_erased_person(*, user, actor=None, reason: str = "", **kwargs) -> None:
    """`accounts.signals.person_erased`: an erased person holds no staff role any more."""
    with scopes_disabled():  # the person's roles in every association, on purpose
        memberships = list(StaffMembership.objects.filter(user=user).select_related("association"))
    for membership in memberships:
        with scope(association=membership.association):
            remove_staff_member(membership=membership, actor=actor, reason=reason)
