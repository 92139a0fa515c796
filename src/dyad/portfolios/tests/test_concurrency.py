"""A double click (two requests at once, PostgreSQL where rows really lock) adds one row."""

import threading
import time
import uuid
from datetime import date

import pytest
from django.db import connection, transaction

from dyad.portfolios import services
from dyad.portfolios.documents import import_document
from dyad.portfolios.models import Training
from dyad.portfolios.selectors import portfolio_history
from dyad.testing.factories import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's"),
]

TRAINING = {"title": "Foundations", "date": date(2025, 1, 1), "minutes": 60, "imh_specific": True}


def in_thread(target):
    """Run `target` in a thread with its own connection; return (thread, join -> result)."""
    outcome = {}

    def run():
        try:
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


def test_a_double_click_on_add_makes_one_row_and_one_event():
    ana = make_user()
    key = uuid.uuid4()
    second, join = in_thread(lambda: services.add_training(owner=ana, key=key, **TRAINING).pk)
    with transaction.atomic():
        first = services.add_training(owner=ana, key=key, **TRAINING)
        second.start()  # its insert waits on the unique key until this one commits
        time.sleep(0.3)
    assert join() == first.pk
    assert Training.objects.count() == 1
    assert len(portfolio_history(ana)) == 1


def test_an_import_sent_twice_at_once_imports_once():
    ana = make_user()
    key = uuid.uuid4()
    document = {
        "format": "dyad-portfolio/1",
        "person": {"name": "Ana"},
        "training": [{**TRAINING, "date": "2025-01-01"}] * 3,
    }
    second, join = in_thread(lambda: import_document(ana, document, actor=ana, key=key))
    with transaction.atomic():
        first = import_document(ana, document, actor=ana, key=key)
        second.start()
        time.sleep(0.3)
    assert join() == first
    assert Training.objects.count() == 3
    assert [e.verb for e in portfolio_history(ana)] == ["portfolio.imported"]
