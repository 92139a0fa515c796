"""Two first downloads at once (PostgreSQL, where rows really lock): one signing key, one place
in the status list, one event each."""

import time

import pytest
from django.db import connection, transaction
from django_scopes import scopes_disabled

from dyad.badges.models import IssuerKey, StatusEntry
from dyad.badges.services import issue_credential
from dyad.core.models import Event
from dyad.credentials.tests.test_concurrency import in_thread
from dyad.testing.factories import make_association, make_endorsement

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def test_a_double_click_on_the_first_download_gives_one_key_and_one_place():
    endorsement = make_endorsement(make_association("alpha"), "Nia Thompson")
    second, join = in_thread(lambda: issue_credential(endorsement))
    with transaction.atomic(), scopes_disabled():
        first = issue_credential(endorsement)
        second.start()  # it waits on the association's row lock, then finds both made
        time.sleep(0.3)
    other = join()
    assert other["credentialStatus"] == first["credentialStatus"]
    assert other["proof"]["verificationMethod"] == first["proof"]["verificationMethod"]
    with scopes_disabled():
        assert IssuerKey.objects.count() == 1
        assert StatusEntry.objects.count() == 1
        assert Event.objects.filter(verb="issuer_key.created").count() == 1
        assert Event.objects.filter(verb="verifiable_credential.first_issued").count() == 1
