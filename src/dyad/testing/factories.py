"""Factories for tests: people, associations and staff, made the way services make them."""

from __future__ import annotations

import itertools
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.accounts.models import User
from dyad.associations.models import Association
from dyad.associations.services import add_staff_member
from dyad.credentials.models import Endorsement, grace_days
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
    services when `status` asks for it (each with its event).

    Dates are relative to today, so a test passes on any day: by default it expires in a year
    and was granted three years before it expires. A lapsed one (by default) expired a month
    past its grace period, since `lapse_endorsement` refuses one still in force. `granted`
    defaults to three years before the `expires` given."""
    n = next(_counter)
    today = timezone.localdate()
    if "expires" not in extra:
        if status == Endorsement.Status.LAPSED:
            extra["expires"] = today - timedelta(days=grace_days()[category] + 30)
        else:
            extra["expires"] = today + timedelta(days=365)
    values = {
        "holder_name": name,
        "category": category,
        "number": f"T-{category}-{n:05d}",
        "granted": extra["expires"] - timedelta(days=3 * 365),
    }
    values.update(extra)
    with scopes_disabled():
        endorsement = grant_endorsement(association=association, **values)
        if status == Endorsement.Status.LAPSED:
            endorsement = lapse_endorsement(endorsement=endorsement, reason="not renewed")
        elif status == Endorsement.Status.REVOKED:
            endorsement = revoke_endorsement(endorsement=endorsement, reason="testing")
    return endorsement
