"""`insert_rows`: many rows by executemany, stored as `save()` would store them."""

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.core.bulk import insert_rows
from dyad.core.models import Event

pytestmark = pytest.mark.django_db


def test_rows_read_back_as_saved_rows_would():
    now = timezone.now()
    events = [
        Event(
            created_at=now,
            subject_type="core.thing",
            subject_id=str(n),
            verb="thing.made",
            data={"n": n, "name": "Zoë"},
        )
        for n in range(7)
    ]
    insert_rows(Event, events, batch_size=3)
    with scopes_disabled():
        saved = list(Event.objects.filter(verb="thing.made").order_by("id"))
    assert [(e.subject_id, e.data) for e in saved] == [
        (str(n), {"n": n, "name": "Zoë"}) for n in range(7)
    ]
    assert saved[0].created_at == now
    assert saved[0].association is None and saved[0].actor is None


def test_nothing_to_insert_sends_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        insert_rows(Event, [])
