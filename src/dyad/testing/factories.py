"""Factories for tests: people, associations and staff, made the way services make them."""

from __future__ import annotations

import itertools
from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django_scopes import scopes_disabled

from dyad.accounts.models import User
from dyad.associations.models import Association
from dyad.associations.services import add_staff_member
from dyad.credentials.models import Endorsement
from dyad.credentials.services import grant_endorsement, lapse_endorsement, revoke_endorsement

PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_counter = itertools.count(1)


def make_user(email: str | None = None, *, verified: bool = True, mfa: bool = False, **extra):
    n = next(_counter)
    email = email or f"person{n}@example.org"
    extra.setdefault("display_name", f"Person {n}")
    user = User.objects.create_user(email, PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    if mfa:
        TOTP.activate(user, TOTP_SECRET)
    return user


def make_association(slug: str | None = None, **extra) -> Association:
    n = next(_counter)
    slug = slug or f"assoc-{n}"
    defaults = {
        "name": f"Association {slug}",
        "contact_email": f"office@{slug}.example.org",
        "standards": ["IMH-E"],
    }
    defaults.update(extra)
    return Association.objects.create(slug=slug, **defaults)


def make_staff(association: Association, role: str, *, mfa: bool = True, **extra):
    user = make_user(mfa=mfa, **extra)
    with transaction.atomic(), scopes_disabled():
        add_staff_member(association=association, user=user, role=role)
    return user


def make_endorsement(
    association: Association,
    name: str,
    category: str = "IMHS",
    *,
    status: str = Endorsement.Status.ACTIVE,
    **extra,
):
    """An endorsement granted through `grant_endorsement`, then lapsed or revoked through their
    services when `status` asks for it (each with its event)."""
    n = next(_counter)
    values = {
        "holder_name": name,
        "category": category,
        "number": f"T-{category}-{n:05d}",
        "granted": date(2024, 6, 1),
        "expires": date(2027, 6, 30),
    }
    values.update(extra)
    with scopes_disabled():
        endorsement = grant_endorsement(association=association, **values)
        if status == Endorsement.Status.LAPSED:
            endorsement = lapse_endorsement(endorsement=endorsement, reason="not renewed")
        elif status == Endorsement.Status.REVOKED:
            endorsement = revoke_endorsement(endorsement=endorsement, reason="testing")
    return endorsement
