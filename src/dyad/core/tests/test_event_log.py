"""The event log: written with the change, in its transaction, and never edited."""

import pytest
from django.db import DatabaseError, connection, transaction
from django_scopes import scope, scopes_disabled

from dyad.core.errors import NotInTransaction
from dyad.core.events import history, record_event
from dyad.core.models import AppendOnlyError, Event
from dyad.testing.factories import make_association, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    association = make_association()
    with transaction.atomic():
        return record_event(
            subject=association,
            verb="association.settings_changed",
            actor=make_user(),
            from_state="draft",
            to_state="live",
            reason="testing",
        )


def test_an_event_records_who_what_when_from_to_and_why(event):
    with scopes_disabled():
        stored = Event.objects.get(pk=event.pk)
    assert stored.actor == event.actor
    assert stored.association == event.association
    assert (stored.subject_type, stored.subject_id) == (
        "associations.association",
        str(event.association.pk),
    )
    assert (stored.verb, stored.from_state, stored.to_state, stored.reason) == (
        "association.settings_changed",
        "draft",
        "live",
        "testing",
    )
    assert stored.created_at is not None


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    with pytest.raises(NotInTransaction):
        record_event(subject=make_association(), verb="x")


def test_the_event_rolls_back_with_the_change():
    association = make_association()
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event(subject=association, verb="will.fail")
        raise RuntimeError("the change failed")
    with scopes_disabled():
        assert not Event.objects.filter(verb="will.fail").exists()


def test_an_event_cannot_be_changed_or_deleted(event):
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with scopes_disabled():
        with pytest.raises(AppendOnlyError):
            Event.objects.filter(pk=event.pk).update(reason="rewritten")
        with pytest.raises(AppendOnlyError):
            Event.objects.filter(pk=event.pk).delete()
        assert Event.objects.get(pk=event.pk).reason == "testing"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_raw_updates_and_deletes(event):
    for sql in ("UPDATE core_event SET reason = 'x'", "DELETE FROM core_event"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)


def test_events_are_read_only_within_their_association(event):
    other = make_association()
    with scope(association=event.association):
        assert list(history(event.association)) == [event]
    with scope(association=other):
        assert list(history(event.association)) == []
