"""correct_endorsement: fix the name on a credential and reissue it."""

import pytest
from django_scopes import scopes_disabled

from dyad.core.models import Event
from dyad.credentials.services import CredentialError, correct_endorsement
from dyad.testing.factories import make_association, make_endorsement

pytestmark = pytest.mark.django_db


@pytest.fixture
def endorsement():
    return make_endorsement(make_association("alpha"), "Nia Thomson", number="AL-1")


def corrected_events(endorsement):
    with scopes_disabled():
        return list(Event.objects.filter(verb="endorsement.corrected"))


def test_it_needs_a_reason_and_a_name(endorsement):
    with scopes_disabled(), pytest.raises(CredentialError) as no_reason:
        correct_endorsement(endorsement=endorsement, holder_name="Nia Thompson", reason=" ")
    assert no_reason.value.field == "reason"
    with scopes_disabled(), pytest.raises(CredentialError) as no_name:
        correct_endorsement(endorsement=endorsement, holder_name="  ", reason="Typo")
    assert no_name.value.field == "holder_name"
    assert corrected_events(endorsement) == []


def test_the_event_keeps_the_reason_and_the_state_but_never_a_name(endorsement):
    with scopes_disabled():
        correct_endorsement(
            endorsement=endorsement, holder_name="  Nia   Thompson ", reason="Spelling"
        )
        endorsement.refresh_from_db()
    assert endorsement.holder_name == "Nia Thompson"
    [event] = corrected_events(endorsement)
    assert event.reason == "Spelling"
    assert (event.from_state, event.to_state) == ("active", "active")
    assert "Thompson" not in str(event.data) and "Thomson" not in str(event.data)


def test_a_revoked_endorsement_can_be_corrected_and_stays_revoked(endorsement):
    from dyad.credentials.services import revoke_endorsement

    with scopes_disabled():
        revoke_endorsement(endorsement=endorsement, reason="Error")
        result = correct_endorsement(
            endorsement=endorsement, holder_name="Nia Thompson", reason="Spelling"
        )
    assert (result.status, result.holder_name) == ("revoked", "Nia Thompson")
