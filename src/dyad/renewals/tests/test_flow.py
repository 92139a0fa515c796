"""The renewal as a person and a coordinator live it: granted at once when every rule is met and
the draw passes it by, to the audit when drawn, to the coordinator when a rule is unmet; the fee,
the evidence checked by content, and nothing done twice on a retry."""

from __future__ import annotations

import os
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from dyad.core.models import Event
from dyad.credentials.models import Endorsement
from dyad.credentials.services import CredentialError, renew_endorsement
from dyad.portfolios import services as portfolio
from dyad.portfolios.models import Agreement
from dyad.portfolios.transcripts import sample_pdf
from dyad.renewals import services
from dyad.renewals.models import AuditEvidence, Renewal
from dyad.renewals.services import RenewalError
from dyad.testing.factories import make_association, make_endorsement, make_staff, make_user
from dyad.testing.files import png

from .flow_helpers import TODAY, ago, audit_share, endorsed_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():
    a = make_association("lakes", renewal_fee=Decimal("0"))
    return a


def reread(row):
    with scopes_disabled():
        return type(row).objects.get(pk=row.pk)


def verbs(subject) -> list[str]:
    with scopes_disabled():
        return list(
            Event.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
            .order_by("id")
            .values_list("verb", flat=True)
        )


def test_every_rule_met_and_not_drawn_is_granted_at_once_for_a_year(association):
    audit_share(association, "0")
    person, endorsement = endorsed_person(association, expires_in=30)
    renewal = services.start_renewal(endorsement=endorsement, person=person)
    renewal = services.submit_renewal(renewal=renewal, person=person)
    assert renewal.state == Renewal.State.GRANTED
    assert renewal.drawn is False
    renewed = reread(endorsement)
    assert renewed.expires == endorsement.expires.replace(year=endorsement.expires.year + 1)
    assert renewal.new_expires == renewed.expires
    assert renewed.status == Endorsement.Status.ACTIVE
    assert verbs(endorsement)[-1] == "endorsement.renewed"
    assert verbs(renewal) == ["renewal.started", "renewal.granted"]
    assert renewal.assessment["mode"] == "renewal"


def test_a_person_in_grace_renews_from_the_expiry_not_from_today(association):
    audit_share(association, "0")
    person, endorsement = endorsed_person(association, expires_in=-40)
    renewal = services.start_renewal(endorsement=endorsement, person=person)
    renewal = services.submit_renewal(renewal=renewal, person=person)
    assert renewal.state == Renewal.State.GRANTED
    assert reread(endorsement).expires == endorsement.expires.replace(
        year=endorsement.expires.year + 1
    )


def test_drawn_for_audit_uploads_evidence_and_the_coordinator_confirms(association):
    audit_share(association, "1")
    coordinator = make_staff(association, "coordinator")
    person, endorsement = endorsed_person(association)
    renewal = services.start_renewal(endorsement=endorsement, person=person)
    renewal = services.submit_renewal(renewal=renewal, person=person)
    assert renewal.state == Renewal.State.AUDIT
    assert renewal.drawn and renewal.draw["share"] == "1.000"
    assert reread(endorsement).expires == endorsement.expires  # nothing granted yet
    key = uuid.uuid4()
    first = services.add_evidence(
        renewal=renewal,
        person=person,
        kind="training",
        name="cert.pdf",
        data=sample_pdf("Certificate"),
        key=key,
    )
    again = services.add_evidence(
        renewal=renewal,
        person=person,
        kind="training",
        name="cert.pdf",
        data=sample_pdf("Certificate"),
        key=key,
    )
    assert again.pk == first.pk
    with scopes_disabled():
        assert renewal.evidence.count() == 1
    renewal = services.confirm_renewal(renewal=renewal, actor=coordinator)
    assert renewal.state == Renewal.State.GRANTED
    assert reread(endorsement).expires > endorsement.expires
    assert verbs(renewal)[-1] == "renewal.granted"


def test_evidence_is_checked_by_its_content_not_its_name(association):
    audit_share(association, "1")
    person, endorsement = endorsed_person(association)
    renewal = services.start_renewal(endorsement=endorsement, person=person)
    renewal = services.submit_renewal(renewal=renewal, person=person)
    with pytest.raises(RenewalError) as refused:
        services.add_evidence(
            renewal=renewal,
            person=person,
            kind="rsc",
            name="confirmation.pdf",
            data=b"just some text, not a PDF",
        )
    assert refused.value.field == "file"
    row = services.add_evidence(
        renewal=renewal, person=person, kind="rsc", name="photo.pdf", data=png()
    )
    assert row.content_type == "image/png"


def test_evidence_is_refused_before_the_draw_asks_for_it(association):
    person, endorsement = endorsed_person(association)
    renewal = services.start_renewal(endorsement=endorsement, person=person)
    with pytest.raises(RenewalError):
        services.add_evidence(
            renewal=renewal, person=person, kind="training", name="c.pdf", data=sample_pdf("x")
        )


def test_an_unmet_rule_goes_to_the_coordinator_who_returns_it_then_it_is_granted(association):
    audit_share(association, "0")
    coordinator = make_staff(association, "coordinator")
    person, endorsement = endorsed_person(association, training_hours=0)
    renewal = services.start_renewal(endorsement=endorsement, person=person)
    renewal = services.submit_renewal(renewal=renewal, person=person)
    assert renewal.state == Renewal.State.SUBMITTED
    with pytest.raises(RenewalError) as no_reason:
        services.return_renewal(renewal=renewal, actor=coordinator, reason="  ")
    assert no_reason.value.field == "reason"
    renewal = services.return_renewal(
        renewal=renewal, actor=coordinator, reason="Add this year's training."
    )
    assert renewal.state == Renewal.State.RETURNED
    portfolio.add_training(
        owner=person,
        title="IMH update",
        date=ago(5),
        minutes=15 * 60,
        imh_specific=True,
        areas=["attachment_loss"],
    )
    renewal = services.submit_renewal(renewal=renewal, person=person)
    assert renewal.state == Renewal.State.GRANTED
    assert renewal.draw["drawn"] is False  # drawn once, at the first submission


def test_only_a_coordinator_of_the_association_decides(association):
    audit_share(association, "1")
    person, endorsement = endorsed_person(association)
    renewal = services.submit_renewal(
        renewal=services.start_renewal(endorsement=endorsement, person=person), person=person
    )
    for who in (
        person,
        make_staff(association, "reviewer"),
        make_staff(make_association("other"), "coordinator"),
    ):
        with pytest.raises(RenewalError):
            services.confirm_renewal(renewal=renewal, actor=who)
    assert reread(renewal).state == Renewal.State.AUDIT


def test_agreements_are_signed_again_into_the_portfolio(association):
    audit_share(association, "0")
    person, endorsement = endorsed_person(association, agreements=False)
    renewal = services.start_renewal(endorsement=endorsement, person=person)
    assert not services.assess(renewal).eligible
    services.sign_agreements(renewal=renewal, person=person)
    services.sign_agreements(renewal=renewal, person=person)  # a second click signs nothing more
    assert services.assess(renewal).eligible
    assert Agreement.objects.filter(owner=person).count() == 2


def test_the_fee_must_be_paid_before_submitting_and_the_fake_provider_records_it(
    association, rf, settings
):
    from dyad.applications import payments

    settings.DYAD_PAYMENT_PROVIDER = "fake"
    association.renewal_fee = Decimal("45")
    association.save()
    audit_share(association, "0")
    person, endorsement = endorsed_person(association)
    renewal = services.start_renewal(endorsement=endorsement, person=person)
    assert renewal.fee_status == Renewal.Fee.DUE and renewal.fee_amount == Decimal("45")
    with pytest.raises(RenewalError) as unpaid:
        services.submit_renewal(renewal=renewal, person=person)
    assert unpaid.value.field == "fee_status"
    step = payments.provider().start(renewal, rf.get("/"))
    assert step.redirect_to.startswith(f"/renewals/{renewal.pk}/pay/return/")
    back = rf.get(step.redirect_to)
    payments.provider().confirm(reread(renewal), back)
    payments.provider().confirm(reread(renewal), back)  # a reloaded return records once
    assert reread(renewal).fee_status == Renewal.Fee.PAID
    assert verbs(renewal).count("renewal.fee_paid") == 1
    assert services.submit_renewal(renewal=reread(renewal), person=person).state == "granted"


def test_a_retried_start_or_submit_does_nothing_twice(association):
    audit_share(association, "0")
    person, endorsement = endorsed_person(association)
    renewal = services.start_renewal(endorsement=endorsement, person=person)
    assert services.start_renewal(endorsement=endorsement, person=person).pk == renewal.pk
    services.submit_renewal(renewal=renewal, person=person)
    granted_expiry = reread(endorsement).expires
    services.submit_renewal(renewal=renewal, person=person)
    assert reread(endorsement).expires == granted_expiry
    assert verbs(endorsement).count("endorsement.renewed") == 1


def test_the_renewal_opens_90_days_before_expiry_and_closes_with_the_grace_period(association):
    person, early = endorsed_person(association, expires_in=91)
    with pytest.raises(RenewalError):
        services.start_renewal(endorsement=early, person=person)
    _, on_time = endorsed_person(association, expires_in=90, name="On Time")
    assert services.start_renewal(endorsement=on_time, person=on_time.holder)
    _, late = endorsed_person(association, expires_in=-91, name="Too Late")
    with pytest.raises(RenewalError) as refused:
        services.start_renewal(endorsement=late, person=late.holder)
    assert "reinstate" in refused.value.message
    with pytest.raises(RenewalError):
        services.start_renewal(endorsement=on_time, person=make_user())


def test_renew_endorsement_refuses_one_out_of_force_and_an_earlier_date(association):
    lapsed = make_endorsement(association, "Dana Lapsed", "IFS", status="lapsed")
    active = make_endorsement(association, "Ada Active", "IFS")
    with scopes_disabled():
        with pytest.raises(CredentialError):
            renew_endorsement(endorsement=lapsed, expires=TODAY + timedelta(days=365))
        with pytest.raises(CredentialError) as earlier:
            renew_endorsement(endorsement=active, expires=active.expires - timedelta(days=1))
    assert earlier.value.field == "expires"


def test_a_renewal_lapsed_while_waiting_for_the_coordinator_is_put_back_in_force(association):
    from dyad.credentials.services import lapse_endorsement

    audit_share(association, "1")
    coordinator = make_staff(association, "coordinator")
    person, endorsement = endorsed_person(association, expires_in=-85)
    renewal = services.submit_renewal(
        renewal=services.start_renewal(endorsement=endorsement, person=person), person=person
    )
    assert renewal.state == Renewal.State.AUDIT
    with scopes_disabled():
        # the coordinator takes ten days; the sweep lapsed it meanwhile
        Endorsement.objects.filter(pk=endorsement.pk).update(expires=ago(95))
        Renewal.objects.filter(pk=renewal.pk).update(period_expires=ago(95))
        lapse_endorsement(endorsement=reread(endorsement), reason="not renewed")
    renewal = services.confirm_renewal(renewal=reread(renewal), actor=coordinator)
    back = reread(endorsement)
    assert back.status == Endorsement.Status.ACTIVE and back.is_in_force()
    assert back.expires == renewal.new_expires
    assert verbs(endorsement)[-1] == "endorsement.reinstated"


def test_erasing_a_person_removes_their_evidence_and_their_name_from_the_renewal(
    association, django_capture_on_commit_callbacks
):
    from dyad.accounts.services import erase_person

    audit_share(association, "1")
    person, endorsement = endorsed_person(association, name="Erin Erased")
    renewal = services.submit_renewal(
        renewal=services.start_renewal(endorsement=endorsement, person=person), person=person
    )
    row = services.add_evidence(
        renewal=renewal, person=person, kind="training", name="c.pdf", data=sample_pdf("x")
    )
    stored = row.file.path
    assert reread(renewal).assessment["person"] == "Erin Erased"
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(user=person, actor=None, reason="asked to")
    with scopes_disabled():
        assert not AuditEvidence.objects.filter(renewal=renewal).exists()
    assert "Erin" not in str(reread(renewal).assessment)
    assert not os.path.exists(stored)


def test_the_coordinator_hears_of_a_waiting_renewal_and_the_person_of_the_decision(association):
    from dyad.core.models import OutboundEmail

    audit_share(association, "1")
    coordinator = make_staff(association, "coordinator")
    person, endorsement = endorsed_person(association)
    renewal = services.submit_renewal(
        renewal=services.start_renewal(endorsement=endorsement, person=person), person=person
    )
    with scopes_disabled():
        to_coordinator = OutboundEmail.objects.get(to=[coordinator.email])
    assert "drawn for the random audit" in to_coordinator.body
    assert f"/a/lakes/renewals/audits/{renewal.pk}/" in to_coordinator.body
    services.return_renewal(renewal=renewal, actor=coordinator, reason="Add the certificate.")
    with scopes_disabled():
        to_person = OutboundEmail.objects.filter(to=[person.email]).latest("pk")
    assert "Add the certificate." in to_person.body
    assert f"/renewals/{renewal.pk}/" in to_person.body
