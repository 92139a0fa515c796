"""Reads about a signed-in person."""

from __future__ import annotations

from django.conf import settings
from django_scopes import scopes_disabled


def needs_mfa(user) -> bool:
    """Staff roles and Alliance administrators must sign in with a second factor."""
    if not user.is_authenticated:
        return False
    if user.is_alliance_admin or user.is_superuser:
        return True
    # Staff roles live in associations, above accounts: read through the reverse relation its
    # StaffMembership adds (no import upward), across associations on purpose (one's own roles).
    with scopes_disabled():
        return user.staff_memberships.exists()


def has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def language_of(user) -> str:
    """The language to write to `user` in: the one they chose on the site, else the site's."""
    known = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in known else settings.LANGUAGE_CODE
