"""People ready to renew (or not quite), built through the services with dates relative to
today, for the renewal flow's tests."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.portfolios import services as portfolio
from dyad.renewals.models import settings_for
from dyad.testing.factories import make_endorsement, make_user

TODAY = timezone.localdate()


def ago(days: int):
    return TODAY - timedelta(days=days)


def renewal_portfolio(person, *, training_hours: int = 16, agreements: bool = True) -> None:
    """What the IFA renewal asks: IMH training in the last 12 months, both agreements signed in
    them, a membership in force."""
    if training_hours:
        portfolio.add_training(
            owner=person,
            title="Relationship-based practice, refresher",
            date=ago(60),
            minutes=training_hours * 60,
            imh_specific=True,
            areas=["attachment_loss"],
        )
    if agreements:
        for document in ("code_of_ethics", "endorsement_agreement"):
            portfolio.sign_agreement(owner=person, document=document, signed=ago(20))
    portfolio.record_membership(owner=person, expires=ago(-200), association_name="GLAIMH")


def endorsed_person(association, *, expires_in: int = 30, name: str = "Rosa Renewer", **kw):
    """A person holding an IFA endorsement of `association` (no RS/C rule in its renewal) that
    expires in `expires_in` days (negative: in its grace period), with a portfolio that meets
    the renewal rules unless told otherwise (`training_hours=0`, `agreements=False`)."""
    person = make_user(display_name=name)
    endorsement = make_endorsement(
        association, name, "IFA", holder=person, expires=TODAY + timedelta(days=expires_in)
    )
    renewal_portfolio(person, **kw)
    return person, endorsement


def audit_share(association, share: str) -> None:
    with scopes_disabled():
        row = settings_for(association)
        row.audit_share = Decimal(share)
        row.save()
