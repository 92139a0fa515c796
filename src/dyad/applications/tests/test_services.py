"""Applications through their services: started under a fixed requirement set and fee, submitted
only when the engine finds everything but the exam met, frozen at submission, moved only along
the state machine by the person each move is for, each move an event."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.applications import services, states
from dyad.applications.models import Application, FrozenError, Snapshot
from dyad.applications.selectors import application_facts, applications_of, timeline
from dyad.applications.services import ApplicationError
from dyad.core.events import describe
from dyad.core.models import Event
from dyad.credentials.models import Endorsement
from dyad.portfolios import services as portfolio
from dyad.portfolios.models import Training
from dyad.portfolios.services import record_exam_result
from dyad.standards.frozen import portfolio_from_dict
from dyad.testing.factories import make_association, make_staff, make_user
from dyad.testing.portfolios import nearly_ifs

from .conftest import three_raters_rated

pytestmark = pytest.mark.django_db


@pytest.fixture
def association():
    return make_association(standards=["IMH-E"], application_fee=Decimal("75.00"))


@pytest.fixture
def coordinator(association):
    return make_staff(association, "coordinator")


@pytest.fixture
def applicant():
    person = make_user(display_name="Ana Applicant")
    nearly_ifs(person, rsc_hours=30)  # everything IFS asks of a portfolio
    return person


def ready(application, applicant, coordinator):
    """Name three raters who all rate, and record the fee."""
    three_raters_rated(application, applicant)
    return services.record_fee(application=application, actor=coordinator, status="paid")


def submitted(association, applicant, coordinator):
    application = services.start_application(
        applicant=applicant, association=association, category="IFS"
    )
    ready(application, applicant, coordinator)
    return services.submit_application(application=application, actor=applicant)


def test_an_application_fixes_its_requirement_set_and_fee_when_it_starts(association, applicant):
    application = services.start_application(
        applicant=applicant, association=association, category="IFS"
    )
    assert application.state == states.STARTED
    assert (application.requirement_set, application.requirement_set_version) == (
        "imh-e-baseline",
        1,
    )
    assert (application.fee_amount, application.fee_status) == (Decimal("75.00"), "due")
    assert [e.verb for e in timeline(application)] == ["application.started"]


def test_a_free_association_asks_no_fee(applicant):
    free = make_association(standards=["IMH-E"])
    application = services.start_application(applicant=applicant, association=free, category="IFS")
    assert application.fee_status == Application.Fee.NONE


def test_a_category_of_a_standard_the_association_does_not_license_is_refused(applicant):
    ecmh_only = make_association(standards=["ECMH-E"])
    with pytest.raises(ApplicationError) as refused:
        services.start_application(applicant=applicant, association=ecmh_only, category="IFS")
    assert refused.value.field == "category"
    assert "IMH-E" in refused.value.message


def test_one_open_application_per_category_and_a_retried_start_adds_none(association, applicant):
    key = uuid.uuid4()
    first = services.start_application(
        applicant=applicant, association=association, category="IFS", key=key
    )
    again = services.start_application(
        applicant=applicant, association=association, category="IFS", key=key
    )
    assert again.pk == first.pk
    with pytest.raises(ApplicationError, match="already have an open application"):
        services.start_application(applicant=applicant, association=association, category="IFS")
    with scopes_disabled():
        assert Application.objects.count() == 1
    # once withdrawn, the person may start again
    services.withdraw_application(application=first, actor=applicant)
    services.start_application(applicant=applicant, association=association, category="IFS")


def test_submission_waits_for_the_references_and_names_what_is_missing(
    association, applicant, coordinator
):
    application = services.start_application(
        applicant=applicant, association=association, category="IFS"
    )
    services.record_fee(application=application, actor=coordinator, status="waived")
    with pytest.raises(ApplicationError, match="not met: References"):
        services.submit_application(application=application, actor=applicant)
    application.refresh_from_db()
    assert application.state == states.STARTED
    with scopes_disabled():
        assert not Snapshot.objects.exists()


def test_submission_waits_for_the_fee(association, applicant, coordinator):
    application = services.start_application(
        applicant=applicant, association=association, category="IFS"
    )
    three_raters_rated(application, applicant)
    with pytest.raises(ApplicationError) as refused:
        services.submit_application(application=application, actor=applicant)
    assert refused.value.field == "fee_status"


def test_submission_freezes_the_facts_and_the_assessment(association, applicant, coordinator):
    application = submitted(association, applicant, coordinator)
    assert application.state == states.SUBMITTED
    with scopes_disabled():
        snapshot = application.snapshots.get()
    assert snapshot.number == 1
    assert snapshot.assessment["status"] == "eligible"  # IFS has no exam
    assert {f["rule"]: f["status"] for f in snapshot.assessment["findings"]}["references"] == "met"
    frozen = portfolio_from_dict(snapshot.facts)
    assert frozen == application_facts(application)
    assert len(snapshot.digest) == 64


def test_changing_the_portfolio_after_submission_changes_nothing_frozen(
    association, applicant, coordinator
):
    application = submitted(association, applicant, coordinator)
    with scopes_disabled():
        before = Snapshot.objects.get(application=application)
    Training.objects.filter(owner=applicant).delete()
    portfolio.add_training(
        owner=applicant, title="Another", date=before.as_of, minutes=60, imh_specific=False
    )
    with scopes_disabled():
        after = Snapshot.objects.get(application=application)
    assert (after.facts, after.assessment, after.digest) == (
        before.facts,
        before.assessment,
        before.digest,
    )


def test_a_snapshot_cannot_be_changed_or_deleted(association, applicant, coordinator):
    application = submitted(association, applicant, coordinator)
    with scopes_disabled():
        snapshot = Snapshot.objects.get(application=application)
        with pytest.raises(FrozenError):
            snapshot.save()
        with pytest.raises(FrozenError):
            snapshot.delete()
        with pytest.raises(FrozenError):
            Snapshot.objects.filter(pk=snapshot.pk).update(digest="x" * 64)
        with pytest.raises(FrozenError):
            Snapshot.objects.filter(pk=snapshot.pk).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_a_snapshot(association, applicant, coordinator):
    from django.db import DatabaseError, transaction

    application = submitted(association, applicant, coordinator)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE applications_snapshot SET digest = 'x' WHERE application_id = %s",
            [application.pk],
        )


def test_the_whole_path_to_an_endorsement_is_in_the_timeline(association, applicant, coordinator):
    application = submitted(association, applicant, coordinator)
    services.begin_review(application=application, actor=coordinator)
    services.return_application(
        application=application, actor=coordinator, rules=["work"], reason="Employer letter"
    )
    services.submit_application(application=application, actor=applicant)
    services.begin_review(application=application, actor=coordinator)
    done = services.endorse_application(application=application, actor=coordinator)
    assert done.state == states.ENDORSED
    with scopes_disabled():
        endorsement = Endorsement.objects.get(pk=done.endorsement_id)
        assert done.snapshots.count() == 2
    assert (endorsement.holder, endorsement.category) == (applicant, "IFS")
    assert (endorsement.requirement_set, endorsement.requirement_set_version) == (
        "imh-e-baseline",
        1,
    )
    assert endorsement.is_in_force()
    lines = [describe(e) for e in timeline(done)]
    assert lines[0] == "Application for IFS started"
    assert "Reference requested from an RS/C provider" in lines
    assert "Returned for more: Employer letter" in lines
    assert "Application submitted again (snapshot 2)" in lines
    assert lines[-1] == f"Endorsed: endorsement {endorsement.number} granted"


def test_an_exam_category_is_approved_for_its_exam_before_endorsement(association, coordinator):
    person = make_user()
    application = services.start_application(
        applicant=person, association=association, category="IMHS"
    )
    with scopes_disabled():
        Application.objects.filter(pk=application.pk).update(state=states.IN_REVIEW)
    application.refresh_from_db()
    with pytest.raises(ApplicationError, match="cannot become endorsed"):
        services.endorse_application(application=application, actor=coordinator)
    services.approve_for_exam(application=application, actor=coordinator)
    with pytest.raises(ApplicationError, match="has not passed the IMHS exam"):
        services.endorse_application(application=application, actor=coordinator)
    record_exam_result(
        owner=person,
        category="IMHS",
        date=timezone.localdate(),
        result="pass",
        source="exam_sitting:1",
        actor=None,
    )
    assert services.endorse_application(application=application, actor=coordinator).state == (
        states.ENDORSED
    )


@pytest.mark.parametrize("target", states.STATES)
def test_an_illegal_move_is_refused_and_records_nothing(
    association, applicant, coordinator, target
):
    application = services.start_application(
        applicant=applicant, association=association, category="IFS"
    )
    verbs = {
        states.IN_REVIEW: lambda: services.begin_review(application=application, actor=coordinator),
        states.RETURNED: lambda: services.return_application(
            application=application, actor=coordinator, rules=["work"]
        ),
        states.EXAM: lambda: services.approve_for_exam(application=application, actor=coordinator),
        states.ENDORSED: lambda: services.endorse_application(
            application=application, actor=coordinator
        ),
        states.DENIED: lambda: services.deny_application(
            application=application, actor=coordinator, reason="No"
        ),
    }
    if target not in verbs:
        return  # started (no verb), submitted and withdrawn are legal from here: tested above
    with scopes_disabled():
        events = Event.objects.count()
    with pytest.raises(ApplicationError, match="is started"):
        verbs[target]()
    application.refresh_from_db()
    assert application.state == states.STARTED
    with scopes_disabled():
        assert Event.objects.count() == events


def test_only_the_applicant_submits_and_only_a_coordinator_decides(
    association, applicant, coordinator
):
    application = services.start_application(
        applicant=applicant, association=association, category="IFS"
    )
    stranger = make_user()
    other_coordinator = make_staff(make_association(), "coordinator")
    reviewer = make_staff(association, "reviewer")
    with pytest.raises(ApplicationError, match="Only the applicant"):
        services.withdraw_application(application=application, actor=coordinator)
    with pytest.raises(ApplicationError, match="Only the applicant"):
        services.submit_application(application=application, actor=stranger)
    for not_coordinator in (applicant, stranger, other_coordinator, reviewer):
        with pytest.raises(ApplicationError, match="Only a coordinator"):
            services.deny_application(application=application, actor=not_coordinator, reason="x")
        with pytest.raises(ApplicationError, match="Only a coordinator"):
            services.record_fee(application=application, actor=not_coordinator, status="paid")


def test_a_denial_needs_a_reason_and_a_return_says_what_to_address(
    association, applicant, coordinator
):
    application = submitted(association, applicant, coordinator)
    with pytest.raises(ApplicationError) as no_reason:
        services.deny_application(application=application, actor=coordinator, reason=" ")
    assert no_reason.value.field == "reason"
    with pytest.raises(ApplicationError) as nothing:
        services.return_application(application=application, actor=coordinator, rules=[])
    assert nothing.value.field == "rules"


def test_a_reference_answers_once(association, applicant):
    application = services.start_application(
        applicant=applicant, association=association, category="IFS"
    )
    reference = services.request_reference(
        application=application, actor=applicant, name="R", email="r@example.org", role="supervisor"
    )
    again = services.request_reference(
        application=application, actor=applicant, name="R", email="R@example.org", role="supervisor"
    )
    assert again.pk == reference.pk
    services.record_reference_answer(reference=reference, status="declined")
    with pytest.raises(ApplicationError, match="already been answered"):
        services.record_reference_answer(reference=reference, status="rated")
    statuses = [r.status for r in application_facts(application).references]
    assert statuses == ["declined"]


def test_a_person_sees_their_own_applications_only(association, applicant):
    mine = services.start_application(applicant=applicant, association=association, category="IFS")
    other = make_user()
    services.start_application(applicant=other, association=association, category="IFA")
    assert [a.pk for a in applications_of(applicant)] == [mine.pk]
