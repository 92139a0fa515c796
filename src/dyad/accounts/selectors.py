"""Reads about a signed-in person that cross tenants by nature (their own roles)."""

from __future__ import annotations

from django_scopes import scopes_disabled


def staff_roles(user) -> list[tuple[object, str]]:
    """(association, role) pairs of a user, across associations: a person's own memberships."""
    if not user.is_authenticated:
        return []
    from dyad.associations.models import StaffMembership

    with scopes_disabled():
        rows = StaffMembership.objects.filter(user=user).select_related("association")
        return [(m.association, m.role) for m in rows]


def needs_mfa(user) -> bool:
    """Staff roles and Alliance administrators must sign in with a second factor."""
    if not user.is_authenticated:
        return False
    return bool(user.is_alliance_admin or user.is_superuser or staff_roles(user))


def has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
