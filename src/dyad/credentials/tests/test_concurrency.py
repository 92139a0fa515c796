"""Two requests at once (PostgreSQL, where rows really lock): no duplicate, no stale state."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.core.models import Event
from dyad.credentials.models import Endorsement
from dyad.credentials.services import grant_endorsement, lapse_endorsement, revoke_endorsement
from dyad.testing.factories import make_association, make_endorsement

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]


def in_thread(target):
    """Run `target` in a thread with its own connection; return (start, join -> result)."""
    outcome = {}

    def run():
        try:
            with scopes_disabled():
                outcome["result"] = target()
        except Exception as exc:  # handed back to the test, which raises it
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)

    def join():
        thread.join(timeout=10)
        assert not thread.is_alive(), "the second request never finished"
        if "error" in outcome:
            raise outcome["error"]
        return outcome["result"]

    return thread, join


def test_a_double_click_on_grant_makes_one_endorsement_and_one_event():
    alpha = make_association("alpha")
    details = {
        "association": alpha,
        "number": "AL-IMHS-1",
        "holder_name": "Nia Thompson",
        "category": "IMHS",
        "granted": timezone.localdate() - timedelta(days=730),
        "expires": timezone.localdate() + timedelta(days=365),
    }
    second, join = in_thread(lambda: grant_endorsement(**details).pk)
    with transaction.atomic(), scopes_disabled():
        first = grant_endorsement(**details)
        second.start()  # its insert waits on the unique number until this one commits
        time.sleep(0.3)
    assert join() == first.pk
    with scopes_disabled():
        assert Endorsement.objects.count() == 1
        assert Event.objects.filter(verb="endorsement.granted").count() == 1


def test_a_revocation_waiting_on_a_lapse_records_the_state_it_really_left():
    expired = timezone.localdate() - timedelta(days=120)  # past its grace period: it can lapse
    endorsement = make_endorsement(make_association("alpha"), "Nia Thompson", expires=expired)
    second, join = in_thread(
        lambda: revoke_endorsement(endorsement=endorsement, reason="ethics board").status
    )
    with transaction.atomic(), scopes_disabled():
        lapse_endorsement(endorsement=endorsement, reason="not renewed")
        second.start()  # it waits for the row lock, then re-reads "lapsed"
        time.sleep(0.3)
    assert join() == "revoked"
    with scopes_disabled():
        moves = list(
            Event.objects.filter(verb__in=["endorsement.lapsed", "endorsement.revoked"])
            .order_by("id")
            .values_list("from_state", "to_state")
        )
    assert moves == [("active", "lapsed"), ("lapsed", "revoked")]
