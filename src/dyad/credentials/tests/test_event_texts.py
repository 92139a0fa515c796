"""Endorsement events read in plain words in the association's recent activity."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.core.events import describe
from dyad.core.models import Event
from dyad.credentials.services import (
    grant_endorsement,
    lapse_endorsement,
    reinstate_endorsement,
    revoke_endorsement,
)

pytestmark = pytest.mark.django_db


EXPIRED = timedelta(days=-120)  # past the 90-day grace period, so it can lapse
RENEWED = timedelta(days=365)


@pytest.fixture
def history(two_associations):
    alpha = two_associations["alpha"]["association"]
    today = timezone.localdate()
    with scopes_disabled():
        endorsement = grant_endorsement(
            association=alpha,
            number="AL-IMHS-1001",
            holder_name="Nia Thompson",
            category="IMHS",
            granted=today - timedelta(days=1200),
            expires=today + EXPIRED,
        )
        lapse_endorsement(endorsement=endorsement)
        reinstate_endorsement(endorsement=endorsement, expires=today + RENEWED)
        revoke_endorsement(endorsement=endorsement, reason="ethics board decision")
        return [describe(e) for e in Event.objects.filter(verb__startswith="endorsement.")]


def test_each_change_reads_as_a_sentence_naming_the_number_not_the_person(history):
    today = timezone.localdate()
    assert history == [
        f"Endorsement AL-IMHS-1001 (IMHS) granted, valid until {today + EXPIRED}",
        "Endorsement AL-IMHS-1001 (IMHS) lapsed",
        f"Endorsement AL-IMHS-1001 (IMHS) reinstated, valid until {today + RENEWED}",
        "Endorsement AL-IMHS-1001 (IMHS) revoked: ethics board decision",
    ]


def test_the_coordinator_sees_them_and_the_other_association_does_not(
    client, two_associations, history
):
    client.force_login(two_associations["alpha"]["coordinator"])
    html = client.get(reverse("associations:home", args=["alpha"])).content.decode()
    assert "Endorsement AL-IMHS-1001 (IMHS) revoked: ethics board decision" in html
    client.force_login(two_associations["beta"]["coordinator"])
    html = client.get(reverse("associations:home", args=["beta"])).content.decode()
    assert "AL-IMHS-1001" not in html
