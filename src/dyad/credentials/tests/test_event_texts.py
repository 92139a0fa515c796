"""Endorsement events read in plain words in the association's recent activity."""

from datetime import date

import pytest
from django.urls import reverse
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


@pytest.fixture
def history(two_associations):
    alpha = two_associations["alpha"]["association"]
    with scopes_disabled():
        endorsement = grant_endorsement(
            association=alpha,
            number="AL-IMHS-1001",
            holder_name="Nia Thompson",
            category="IMHS",
            granted=date(2024, 6, 1),
            expires=date(2027, 6, 30),
        )
        lapse_endorsement(endorsement=endorsement)
        reinstate_endorsement(endorsement=endorsement)
        revoke_endorsement(endorsement=endorsement, reason="ethics board decision")
        return [describe(e) for e in Event.objects.filter(verb__startswith="endorsement.")]


def test_each_change_reads_as_a_sentence_naming_the_number_not_the_person(history):
    assert history == [
        "Endorsement AL-IMHS-1001 (IMHS) granted, valid until 2027-06-30",
        "Endorsement AL-IMHS-1001 (IMHS) lapsed",
        "Endorsement AL-IMHS-1001 (IMHS) reinstated, valid until 2027-06-30",
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
