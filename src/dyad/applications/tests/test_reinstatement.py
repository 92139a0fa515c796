"""Reinstating a lapsed endorsement: a new application for the same category that asks only for
what accrued since the lapse (training, work, RS/C where the category asks for it, the
agreements and membership of a renewal), three new reference ratings and the processing fee; the
rest of the portfolio (education, the years of work) carries over and is not asked again.
Endorsing it puts the same endorsement back in force."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.applications import services
from dyad.applications.services import ApplicationError
from dyad.credentials.models import Endorsement
from dyad.portfolios import services as portfolio
from dyad.testing.factories import make_association, make_endorsement, make_staff, make_user

from .conftest import three_raters_rated

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def ago(days: int):
    return TODAY - timedelta(days=days)


def lapsed_person(association, category="IFA", *, work_ended_days_ago=None):
    """A person whose endorsement lapsed a month ago, with only what a year brings since: IMH
    training, the agreements signed again, a membership, a job. No education entry at all."""
    person = make_user(display_name="Dana Reyes")
    endorsement = make_endorsement(
        association, "Dana Reyes", category, holder=person, status="lapsed"
    )
    portfolio.add_training(
        owner=person,
        title="IMH refresher",
        date=ago(20),
        minutes=16 * 60,
        imh_specific=True,
        areas=["attachment_loss"],
    )
    for document in ("code_of_ethics", "endorsement_agreement"):
        portfolio.sign_agreement(owner=person, document=document, signed=ago(5))
    portfolio.record_membership(owner=person, expires=ago(-200), association_name="GLAIMH")
    portfolio.add_work_experience(
        owner=person,
        role="Home visitor",
        employer="Lakeside Families",
        start=ago(4 * 365),
        end=ago(work_ended_days_ago) if work_ended_days_ago else None,
        hours_per_week=40,
        paid=True,
        kind="prevention",
        participants="child_and_caregiver",
        min_months=0,
        max_months=48,
        services=["developmental_guidance"],
    )
    return person, endorsement


@pytest.fixture
def association():
    return make_association("lakes", application_fee=Decimal("60"))


def rules(assessment) -> list[str]:
    return [f.rule for f in assessment.findings]


def test_it_asks_only_for_what_accrued_since_the_lapse_and_three_new_ratings(association):
    person, endorsement = lapsed_person(association)
    application = services.start_reinstatement(applicant=person, endorsement=endorsement)
    assert (application.category, application.association_id) == ("IFA", association.pk)
    assert application.fee_status == "due" and application.fee_amount == Decimal("60")
    assessment = services.assess(application)
    assert rules(assessment) == ["training", "agreements", "membership", "work", "references"]
    assert "education" not in rules(assessment)  # carries over: this person has none recorded
    unmet = [f.rule for f in assessment.findings if not f.met]
    assert unmet == ["references"]
    three_raters_rated(application, person)
    assert services.assess(application).eligible


def test_a_category_with_rsc_asks_for_this_years_rsc_too(association):
    person, endorsement = lapsed_person(association, "IFS")
    application = services.start_reinstatement(applicant=person, endorsement=endorsement)
    assessment = services.assess(application)
    assert "rsc_received" in rules(assessment)
    assert not next(f for f in assessment.findings if f.rule == "rsc_received").met


def test_work_that_ended_before_the_lapse_does_not_count(association):
    person, endorsement = lapsed_person(association, work_ended_days_ago=400)
    application = services.start_reinstatement(applicant=person, endorsement=endorsement)
    work = next(f for f in services.assess(application).findings if f.rule == "work")
    assert not work.met
    assert "since the lapse" in work.message


def test_endorsing_it_puts_the_same_endorsement_back_in_force(association):
    coordinator = make_staff(association, "coordinator")
    person, endorsement = lapsed_person(association)
    application = services.start_reinstatement(applicant=person, endorsement=endorsement)
    three_raters_rated(application, person)
    with pytest.raises(ApplicationError):
        services.submit_application(application=application, actor=person)  # the fee is due
    services.record_fee(application=application, actor=coordinator, status="paid")
    services.submit_application(application=application, actor=person)
    services.begin_review(application=application, actor=coordinator)
    done = services.endorse_application(application=application, actor=coordinator)
    assert done.endorsement_id == endorsement.pk
    with scopes_disabled():
        back = Endorsement.objects.get(pk=endorsement.pk)
        assert Endorsement.objects.filter(holder=person).count() == 1
    assert back.status == "active" and back.is_in_force()
    assert back.expires == TODAY + services.TERM


def test_only_a_lapsed_endorsement_of_ones_own_is_reinstated(association):
    person, endorsement = lapsed_person(association)
    with pytest.raises(ApplicationError):
        services.start_reinstatement(applicant=make_user(), endorsement=endorsement)
    active = make_endorsement(association, "Dana Reyes", "IFS", holder=person)
    with pytest.raises(ApplicationError):
        services.start_reinstatement(applicant=person, endorsement=active)


def test_the_coordinator_sees_that_an_application_reinstates(client, association):
    from django.urls import reverse

    coordinator = make_staff(association, "coordinator")
    person, endorsement = lapsed_person(association)
    application = services.start_reinstatement(applicant=person, endorsement=endorsement)
    client.force_login(coordinator)
    page = client.get(reverse("pipeline:application", args=["lakes", application.pk]))
    assert page.status_code == 200
    assert f"Endorsement {endorsement.number}, lapsed" in page.content.decode()
