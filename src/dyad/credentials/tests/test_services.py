"""Endorsements change state only through their services, each with its event."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from dyad.core.errors import DyadError, validation_as_dyad_error
from dyad.core.models import Event
from dyad.credentials import services
from dyad.credentials.models import Endorsement
from dyad.credentials.services import (
    CredentialError,
    grant_endorsement,
    lapse_endorsement,
    reinstate_endorsement,
    revoke_endorsement,
)
from dyad.testing.factories import make_association, make_endorsement, make_user

pytestmark = pytest.mark.django_db

Status = Endorsement.Status


@pytest.fixture(autouse=True)
def _unscoped():
    with scopes_disabled():
        yield


@pytest.fixture
def alpha():
    return make_association("alpha")


def days_from_today(days):
    return timezone.localdate() + timedelta(days=days)


def grant(association, **changes):
    """Granted two years ago, expires in a year: in force on whatever day the test runs."""
    values = {
        "association": association,
        "number": "AL-IMHS-1",
        "holder_name": "Nia Thompson",
        "category": "IMHS",
        "granted": days_from_today(-730),
        "expires": days_from_today(365),
    }
    values.update(changes)
    return grant_endorsement(**values)


def events(endorsement):
    return list(
        Event.objects.filter(subject_type="credentials.endorsement", subject_id=str(endorsement.pk))
        .order_by("id")
        .values_list("verb", "from_state", "to_state", "reason")
    )


def stored_status(endorsement):
    return Endorsement.objects.get(pk=endorsement.pk).status


# Grant


def test_granting_records_who_granted_it_and_why(alpha):
    coordinator = make_user()
    endorsement = grant(alpha, actor=coordinator, reason="application 17 approved")
    assert stored_status(endorsement) == Status.ACTIVE
    assert events(endorsement) == [("endorsement.granted", "", "active", "application 17 approved")]
    event = Event.objects.get(subject_id=str(endorsement.pk))
    assert event.actor == coordinator and event.association == alpha
    expires = days_from_today(365).isoformat()
    assert event.data == {"number": "AL-IMHS-1", "category": "IMHS", "expires": expires}
    assert "Nia" not in str(event.data)  # events keep ids and numbers, not names


def test_a_retried_grant_returns_the_same_endorsement_without_a_second_event(alpha):
    first = grant(alpha)
    again = grant(alpha)
    assert again.pk == first.pk
    assert Endorsement.objects.filter(number="AL-IMHS-1").count() == 1
    assert len(events(first)) == 1


def test_a_retry_that_lost_the_race_returns_the_winners_endorsement(alpha, monkeypatch):
    first = grant(alpha)
    real = services._earlier_grant
    calls = []

    def misses_once(wanted):  # the retry's check ran before the first grant committed
        calls.append(wanted.number)
        return None if len(calls) == 1 else real(wanted)

    monkeypatch.setattr(services, "_earlier_grant", misses_once)
    again = grant(alpha)
    assert again.pk == first.pk and len(calls) == 2
    assert Endorsement.objects.count() == 1 and len(events(first)) == 1


def test_a_number_already_used_for_someone_else_is_refused(alpha):
    first = grant(alpha)
    with pytest.raises(CredentialError) as caught:
        grant(alpha, holder_name="Omar Haddad")
    assert caught.value.field == "number"
    assert "AL-IMHS-1" in caught.value.message
    with pytest.raises(CredentialError):  # numbers are unique across associations too
        grant(make_association("beta"))
    assert Endorsement.objects.count() == 1 and len(events(first)) == 1


def test_an_expiry_before_the_grant_is_an_error_on_the_expires_field(alpha):
    with pytest.raises(CredentialError) as caught:
        grant(alpha, granted=days_from_today(-30), expires=days_from_today(-31))
    assert caught.value.field == "expires"
    assert "before" in caught.value.message
    assert not Endorsement.objects.exists() and not Event.objects.exists()


def test_an_unknown_category_is_an_error_on_the_category_field(alpha):
    with pytest.raises(CredentialError) as caught:
        grant(alpha, category="NOPE")
    assert caught.value.field == "category"
    assert not Endorsement.objects.exists()


# Lapse, revoke, reinstate: guards, events and no-ops


def test_lapsing_records_from_and_to_state_with_the_reason(alpha):
    endorsement = grant(alpha, granted=days_from_today(-1200), expires=days_from_today(-100))
    lapse_endorsement(endorsement=endorsement, reason="not renewed in time")
    assert stored_status(endorsement) == Status.LAPSED
    assert events(endorsement)[-1] == (
        "endorsement.lapsed",
        "active",
        "lapsed",
        "not renewed in time",
    )


@pytest.mark.parametrize(
    ("expired_days_ago", "in_force_until"),
    [(-365, 365 + 90), (0, 90), (90, 0)],  # valid for a year; expires today; last day of grace
)
def test_an_endorsement_still_in_force_cannot_lapse_and_the_error_says_until_when(
    alpha, expired_days_ago, in_force_until
):
    endorsement = grant(
        alpha, granted=days_from_today(-1000), expires=days_from_today(-expired_days_ago)
    )
    with pytest.raises(CredentialError) as caught:
        lapse_endorsement(endorsement=endorsement, reason="not renewed")
    message = caught.value.message
    assert f"still in force until {days_from_today(in_force_until).isoformat()}" in message
    assert endorsement.number in message and "revoke it instead" in message
    assert stored_status(endorsement) == Status.ACTIVE
    assert len(events(endorsement)) == 1  # only the grant


def test_an_endorsement_lapses_the_day_after_its_grace_period(alpha):
    endorsement = grant(alpha, granted=days_from_today(-1000), expires=days_from_today(-91))
    assert lapse_endorsement(endorsement=endorsement).status == Status.LAPSED


def test_lapsing_twice_changes_nothing_the_second_time(alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson", status=Status.LAPSED)
    before = events(endorsement)
    assert lapse_endorsement(endorsement=endorsement).status == Status.LAPSED
    assert events(endorsement) == before


def test_a_revoked_endorsement_cannot_lapse_and_the_error_names_its_state(alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson", status=Status.REVOKED)
    with pytest.raises(CredentialError) as caught:
        lapse_endorsement(endorsement=endorsement)
    assert "revoked" in caught.value.message
    assert endorsement.number in caught.value.message
    assert stored_status(endorsement) == Status.REVOKED
    assert [verb for verb, *_ in events(endorsement)] == [
        "endorsement.granted",
        "endorsement.revoked",
    ]


@pytest.mark.parametrize("start", [Status.ACTIVE, Status.LAPSED])
def test_an_active_or_lapsed_endorsement_can_be_revoked(alpha, start):
    endorsement = make_endorsement(alpha, "Nia Thompson", status=start)
    revoke_endorsement(endorsement=endorsement, reason="ethics board decision 2026-03")
    assert stored_status(endorsement) == Status.REVOKED
    assert events(endorsement)[-1] == (
        "endorsement.revoked",
        start,
        "revoked",
        "ethics board decision 2026-03",
    )


def test_revoking_needs_a_reason(alpha):
    endorsement = grant(alpha)
    with pytest.raises(CredentialError) as caught:
        revoke_endorsement(endorsement=endorsement, reason="  ")
    assert caught.value.field == "reason"
    assert stored_status(endorsement) == Status.ACTIVE


def test_revoking_twice_changes_nothing_the_second_time(alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson", status=Status.REVOKED)
    before = events(endorsement)
    revoke_endorsement(endorsement=endorsement, reason="again")
    assert events(endorsement) == before


def test_reinstating_undoes_a_revocation(alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson", status=Status.REVOKED)
    reinstate_endorsement(endorsement=endorsement, reason="appeal upheld")
    assert stored_status(endorsement) == Status.ACTIVE
    assert events(endorsement)[-1] == (
        "endorsement.reinstated",
        "revoked",
        "active",
        "appeal upheld",
    )


def test_reinstating_undoes_a_lapse_with_a_new_expiry_date(alpha):
    endorsement = make_endorsement(alpha, "Nia Thompson", status=Status.LAPSED)
    with pytest.raises(CredentialError) as caught:  # a lapse is past its grace period
        reinstate_endorsement(endorsement=endorsement, reason="renewed late")
    assert caught.value.field == "expires"
    reinstate_endorsement(
        endorsement=endorsement, reason="renewed late", expires=days_from_today(365)
    )
    assert stored_status(endorsement) == Status.ACTIVE
    assert events(endorsement)[-1] == ("endorsement.reinstated", "lapsed", "active", "renewed late")


def test_reinstating_an_active_endorsement_changes_nothing(alpha):
    endorsement = grant(alpha)
    reinstate_endorsement(endorsement=endorsement)
    assert len(events(endorsement)) == 1


def test_reinstating_after_the_grace_period_needs_a_new_expiry_date(alpha):
    today = timezone.localdate()
    expired = today - timedelta(days=200)
    endorsement = make_endorsement(
        alpha, "Nia Thompson", granted=expired - timedelta(days=365), expires=expired
    )
    lapse_endorsement(endorsement=endorsement)
    with pytest.raises(CredentialError) as caught:
        reinstate_endorsement(endorsement=endorsement)
    assert caught.value.field == "expires"
    assert stored_status(endorsement) == Status.LAPSED

    renewed = reinstate_endorsement(endorsement=endorsement, expires=today + timedelta(days=365))
    assert renewed.status == Status.ACTIVE
    assert Endorsement.objects.get(pk=endorsement.pk).expires == today + timedelta(days=365)
    assert Endorsement.objects.current().filter(pk=endorsement.pk).exists()


def test_a_new_expiry_before_the_grant_is_an_error_on_the_expires_field(alpha):
    # granted from next month: a new expiry next week would be in force, but before the grant
    endorsement = make_endorsement(
        alpha,
        "Nia Thompson",
        status=Status.REVOKED,
        granted=days_from_today(30),
        expires=days_from_today(1000),
    )
    with pytest.raises(CredentialError) as caught:
        reinstate_endorsement(endorsement=endorsement, expires=days_from_today(7))
    assert caught.value.field == "expires"
    assert "before" in caught.value.message
    assert stored_status(endorsement) == Status.REVOKED


# One transaction: the change and its event together


def test_the_change_rolls_back_when_its_event_cannot_be_written(alpha, monkeypatch):
    endorsement = grant(alpha, granted=days_from_today(-1200), expires=days_from_today(-100))

    def broken(**kwargs):
        raise RuntimeError("the event log is unavailable")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError):
        lapse_endorsement(endorsement=endorsement)
    assert stored_status(endorsement) == Status.ACTIVE
    with pytest.raises(RuntimeError):
        grant(alpha, number="AL-IMHS-2")
    assert not Endorsement.objects.filter(number="AL-IMHS-2").exists()


@pytest.mark.django_db(transaction=True)
def test_services_open_their_own_transaction_when_called_outside_one():
    alpha = make_association("alpha")
    endorsement = grant(alpha)
    revoke_endorsement(endorsement=endorsement, reason="error in the record")
    assert [verb for verb, *_ in events(endorsement)] == [
        "endorsement.granted",
        "endorsement.revoked",
    ]


def test_a_service_in_one_associations_scope_cannot_touch_anothers_endorsement(alpha):
    endorsement = grant(alpha)
    beta = make_association("beta")
    with scope(association=beta), pytest.raises(Endorsement.DoesNotExist):
        revoke_endorsement(endorsement=endorsement, reason="not ours")
    assert stored_status(endorsement) == Status.ACTIVE


# The helper every service uses


def test_validation_errors_become_dyad_errors_naming_the_first_field():
    with pytest.raises(DyadError) as caught, validation_as_dyad_error():
        raise ValidationError({"__all__": ["whole"], "expires": ["Too early.", "Really."]})
    assert (caught.value.field, caught.value.message) == ("expires", "Too early. Really.")

    with pytest.raises(CredentialError) as caught, validation_as_dyad_error(CredentialError):
        raise ValidationError({"__all__": ["The dates contradict each other."]})
    assert (caught.value.field, caught.value.message) == (None, "The dates contradict each other.")

    with pytest.raises(DyadError) as caught, validation_as_dyad_error():
        raise ValidationError("Plain.")
    assert (caught.value.field, caught.value.message) == (None, "Plain.")


def test_other_errors_pass_through_the_helper_unchanged():
    with pytest.raises(KeyError), validation_as_dyad_error():
        raise KeyError("x")
