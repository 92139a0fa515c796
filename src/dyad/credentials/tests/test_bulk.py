"""Granting many endorsements at once: the services' checks and events, in the caller's
transaction, so one bad row saves nothing."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.core.errors import NotInTransaction
from dyad.core.models import Event
from dyad.credentials.bulk import grant_endorsements
from dyad.credentials.models import Endorsement, grace_days
from dyad.credentials.services import CredentialError
from dyad.testing.factories import make_association

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def grant(number, **extra):
    values = {
        "number": number,
        "holder_name": "José Núñez",
        "category": "IFS",
        "granted": TODAY - timedelta(days=400),
        "expires": TODAY + timedelta(days=300),
        "county": "Kent County",
        "state": "mi",
    }
    values.update(extra)
    return values


def test_rows_and_their_events_as_the_services_would_record_them():
    association = make_association()
    gone = TODAY - timedelta(days=grace_days()["IFS"] + 10)
    with transaction.atomic():
        rows = grant_endorsements(
            [
                grant("B-1"),
                grant("B-2", status="lapsed", expires=gone),
                grant("B-3", status="revoked", reason="Licence withdrawn"),
            ],
            association=association,
            reason="bulk",
            data={"import": 7},
        )
    with scopes_disabled():
        saved = {e.number: e for e in Endorsement.objects.all()}
        verbs = sorted(
            (e.subject_id, e.verb, e.data["import"])
            for e in Event.objects.filter(subject_type="credentials.endorsement")
        )
    assert [r.pk for r in rows] == [saved[n].pk for n in ("B-1", "B-2", "B-3")]
    assert saved["B-1"].search_key == "jose nunez" and saved["B-1"].state == "MI"
    assert saved["B-3"].revocation_reason == "Licence withdrawn"
    assert verbs == sorted(
        [
            (str(saved["B-1"].pk), "endorsement.granted", 7),
            (str(saved["B-2"].pk), "endorsement.granted", 7),
            (str(saved["B-2"].pk), "endorsement.lapsed", 7),
            (str(saved["B-3"].pk), "endorsement.granted", 7),
            (str(saved["B-3"].pk), "endorsement.revoked", 7),
        ]
    )


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"status": "lapsed"}, "status"),  # still in force by its dates
        ({"status": "revoked", "reason": " "}, "reason"),
        ({"expires": TODAY - timedelta(days=500)}, "expires"),  # before it was granted
        ({"category": "NOPE"}, "category"),
    ],
)
def test_one_bad_row_saves_nothing(bad, field):
    association = make_association()
    with pytest.raises(CredentialError) as refused, transaction.atomic():
        grant_endorsements([grant("B-1"), grant("B-2", **bad)], association=association)
    assert refused.value.field == field
    with scopes_disabled():
        assert Endorsement.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_it_runs_only_inside_the_callers_transaction():
    with pytest.raises(NotInTransaction):
        grant_endorsements([grant("B-1")], association=make_association())
