"""Demo data of the renewal flow (`dyad demo`, `make run`): a person who can renew now, one whose
renewal was drawn for audit and waits for their evidence, and one whose endorsement lapsed and
who can apply to reinstate it. Built through the services with dates relative to today; a second
run finds what the first made."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from itertools import count

from django.utils import timezone
from django_scopes import scope

from dyad.credentials.models import Endorsement
from dyad.credentials.services import grant_endorsement, lapse_endorsement
from dyad.portfolios import services as portfolio

from . import draw, services
from .models import Renewal, settings_for

#: (email, name, association, category, days from today to `expires`, what to show)
PEOPLE = [
    ("rene.renewer@example.org", "René Moreau", "great-lakes", "IFA", 25, "can renew now"),
    ("alma.audit@example.org", "Alma Novak", "great-lakes", "IFA", 40, "drawn for audit"),
    ("lena.lapsed@example.org", "Lena Brooks", "great-lakes", "IFA", -130, "lapsed: reinstate"),
]


def load(associations: dict, make_user) -> None:
    """`make_user(email, name)` makes (or finds) a demo person who can sign in."""
    today = timezone.localdate()
    for n, (email, name, slug, category, days, show) in enumerate(PEOPLE, start=1):
        association = associations[slug]
        person = make_user(email, name)
        _portfolio(person, today)
        with scope(association=association):
            endorsement = _endorsement(association, person, name, category, today, days, n)
            if show == "drawn for audit":
                _drawn(association, endorsement, person)


def sign_ins() -> list[tuple[str, str]]:
    return [(email, f"endorsed, {show}") for email, _n, _a, _c, _d, show in PEOPLE]


def _endorsement(association, person, name, category, today, days, n) -> Endorsement:
    number = f"{association.slug[:2].upper()}-{category}-R{n:03d}"
    found = Endorsement.objects.filter(number=number).first()
    if found is not None:
        return found
    expires = today + timedelta(days=days)
    endorsement = grant_endorsement(
        association=association,
        number=number,
        holder=person,
        holder_name=name,
        category=category,
        granted=min(date(2022, 6, 1), expires - timedelta(days=365)),
        expires=expires,
        reason="demo data",
    )
    if days < -90:
        endorsement = lapse_endorsement(endorsement=endorsement, reason="not renewed (demo data)")
    return endorsement


def _drawn(association, endorsement, person) -> Renewal:
    """Started and submitted with a seed the association's share draws (the first of
    `demo-0`, `demo-1`, ... that it does), so the renewal waits for evidence."""
    renewal = services.start_renewal(endorsement=endorsement, person=person)
    if renewal.state != Renewal.State.STARTED:
        return renewal
    share = settings_for(association).audit_share
    if share <= 0:
        return renewal  # this association audits no one
    if renewal.fee_is_due:
        renewal = services.record_renewal_fee(
            renewal=renewal, actor=None, status=Renewal.Fee.PAID, reference="demo:paid"
        )
    seed = next(s for i in count() if draw.is_drawn(draw.value_of(s := f"demo-{i}"), share))
    return services.submit_renewal(renewal=renewal, person=person, seed=seed)


def _portfolio(person, today) -> None:
    """What the renewal rules ask, a year's worth: IMH training, the agreements signed again, a
    membership in force and a job."""

    def key(*parts) -> uuid.UUID:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"dyad-demo-renewal:{person.email}:{parts}")

    portfolio.add_training(
        owner=person,
        key=key("training"),
        title="Reflective practice with families, refresher",
        date=today - timedelta(days=75),
        minutes=16 * 60,
        imh_specific=True,
        areas=["relationship_focused_practice"],
        provider="Great Lakes Association for Infant Mental Health",
    )
    for document in ("code_of_ethics", "endorsement_agreement"):
        portfolio.sign_agreement(
            owner=person,
            key=key("agreement", document),
            document=document,
            signed=today - timedelta(days=45),
        )
    portfolio.record_membership(
        owner=person,
        key=key("membership"),
        association_name="Great Lakes Association for Infant Mental Health",
        expires=today + timedelta(days=250),
    )
    portfolio.add_work_experience(
        owner=person,
        key=key("work"),
        role="Family support worker",
        employer="Harbor Early Learning",
        start=today - timedelta(days=5 * 365),
        hours_per_week=36,
        paid=True,
        kind="prevention",
        participants="child_and_caregiver",
        min_months=0,
        max_months=60,
        services=["emotional_support"],
    )
