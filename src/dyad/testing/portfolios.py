"""Portfolios for tests, built through the portfolio services with dates relative to today."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from dyad.portfolios import services

from .factories import make_association, make_endorsement, make_user


def ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def mentor():
    """A person Dyad endorsed as IMHM-C (qualified to give RS/C for every category), for longer
    than the plan looks ahead (five years), so the projection counts her sessions throughout."""
    person = make_user(display_name="Mia Mentor")
    make_endorsement(
        make_association(),
        "Mia Mentor",
        "IMHM-C",
        holder=person,
        granted=ago(2000),
        expires=ago(-6 * 366),
    )
    return person


def nearly_ifs(owner, *, rsc_hours=20, training_hours=31):
    """A bachelor's degree, three years of prevention work, IMH training, RS/C with a qualified
    Dyad provider over the past year, agreements signed and a membership: IFS misses only RS/C
    hours (and the references that come with an application)."""
    services.add_education(owner=owner, level="bachelor", completed=ago(6 * 365), field="Nursing")
    work = services.add_work_experience(
        owner=owner,
        role="Home visitor",
        employer="Lakeside Families",
        start=ago(3 * 365),
        hours_per_week=40,
        paid=True,
        kind="prevention",
        participants="child_and_caregiver",
        min_months=0,
        max_months=36,
        services=["developmental_guidance"],
    )
    services.add_training(
        owner=owner,
        title="Foundations of infant mental health",
        date=ago(200),
        minutes=training_hours * 60,
        imh_specific=True,
        areas=["attachment_loss", "development_behavior"],
    )
    provider = services.add_rsc_provider(owner=owner, user=mentor(), degree="master")
    for i in range(rsc_hours):
        services.add_rsc_session(
            owner=owner,
            provider=provider,
            date=ago(15 + i * 15),
            minutes=60,
            format="individual",
            work=work,
        )
    services.sign_agreement(owner=owner, document="code_of_ethics", signed=ago(10))
    services.sign_agreement(owner=owner, document="endorsement_agreement", signed=ago(10))
    services.record_membership(owner=owner, expires=ago(-300), association_name="GLAIMH")
    return work
