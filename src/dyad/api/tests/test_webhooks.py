"""Webhooks: events become one delivery per webhook, sent signed to a real HTTP server on this
machine (no outside call), retried with backoff after a failure, never sent twice; the
independent script in docs/examples verifies the signature of a real delivery."""

import importlib.util
import json
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.api import services, webhooks
from dyad.api.models import DispatchCursor, WebhookDelivery
from dyad.core.models import Event
from dyad.credentials.services import revoke_endorsement
from dyad.testing import factories

ROOT = Path(__file__).resolve().parents[4]


def _load_verifier():
    spec = importlib.util.spec_from_file_location(
        "verify_webhook", ROOT / "docs" / "examples" / "verify_webhook.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Receiver:
    """An HTTP server in a thread that records each request and answers with `codes` in turn
    (then 200)."""

    def __init__(self):
        self.requests = []
        self.codes = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                code = receiver.codes.pop(0) if receiver.codes else 200
                self.send_response(code)
                self.end_headers()

            def log_message(self, *args):
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def hooked(two_associations, receiver):
    a = two_associations["alpha"]
    with scopes_disabled():
        hook = services.create_webhook(
            association=a["association"],
            url=receiver.url,
            events=["endorsement.granted", "endorsement.revoked"],
            actor=a["coordinator"],
        )
    return hook


@pytest.mark.django_db
def test_a_granted_endorsement_reaches_the_receiver_signed(hooked, receiver, two_associations):
    endorsement = factories.make_endorsement(two_associations["alpha"]["association"], "Ann")
    assert webhooks.dispatch() == 1
    ((headers, body),) = receiver.requests
    payload = json.loads(body)
    assert payload["event"] == "endorsement.granted"
    assert payload["endorsement"]["number"] == endorsement.number
    assert payload["association"] == "alpha"
    verifier = _load_verifier()
    assert verifier.verify(hooked.secret, headers["Dyad-Signature"], body)
    assert not verifier.verify("another secret", headers["Dyad-Signature"], body)
    assert not verifier.verify(hooked.secret, headers["Dyad-Signature"], body + b" ")
    with scopes_disabled():
        delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered" and delivery.attempts == 1


@pytest.mark.django_db
def test_the_script_says_genuine_from_the_command_line(
    hooked, receiver, two_associations, tmp_path
):
    factories.make_endorsement(two_associations["alpha"]["association"], "Ann")
    webhooks.dispatch()
    ((headers, body),) = receiver.requests
    body_file = tmp_path / "body.json"
    body_file.write_bytes(body)
    script = ROOT / "docs" / "examples" / "verify_webhook.py"
    run = subprocess.run(
        [
            sys.executable,
            str(script),
            hooked.secret,
            headers["Dyad-Signature"],
            str(tmp_path / "body.json"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and "genuine" in run.stdout


@pytest.mark.django_db
def test_a_failed_delivery_is_retried_later_then_delivered(hooked, receiver, two_associations):
    receiver.codes = [500]
    factories.make_endorsement(two_associations["alpha"]["association"], "Ann")
    webhooks.dispatch()
    with scopes_disabled():
        delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.last_status_code == 500
    assert delivery.next_attempt_at > timezone.now() + webhooks.BACKOFF[0] - timedelta(seconds=5)
    # Not due yet: nothing is sent again.
    assert webhooks.send_due() == 0
    with scopes_disabled():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert webhooks.send_due() == 1
    with scopes_disabled():
        delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 2
    assert len(receiver.requests) == 2
    assert receiver.requests[0][1] == receiver.requests[1][1]  # the same body, resent


@pytest.mark.django_db
def test_it_gives_up_after_the_last_backoff(hooked, receiver, two_associations):
    receiver.codes = [503] * 10
    factories.make_endorsement(two_associations["alpha"]["association"], "Ann")
    webhooks.fan_out()
    for _ in range(len(webhooks.BACKOFF) + 1):
        with scopes_disabled():
            WebhookDelivery.objects.update(next_attempt_at=timezone.now())
        webhooks.send_due()
    with scopes_disabled():
        delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.attempts == len(webhooks.BACKOFF) + 1
    assert webhooks.send_due() == 0


@pytest.mark.django_db
def test_a_retried_dispatch_never_delivers_twice(hooked, receiver, two_associations, monkeypatch):
    factories.make_endorsement(two_associations["alpha"]["association"], "Ann")
    # Events stay unsettled: every run reads them again, as a retried task would.
    webhooks.dispatch()
    webhooks.dispatch()
    with scopes_disabled():
        DispatchCursor.objects.update(last_event_id=0)  # a crash before the cursor was saved
    webhooks.dispatch()
    assert len(receiver.requests) == 1
    with scopes_disabled():
        assert WebhookDelivery.objects.count() == 1


@pytest.mark.django_db
def test_events_written_in_bulk_are_delivered_too(hooked, receiver, two_associations):
    a = two_associations["alpha"]["association"]
    endorsement = factories.make_endorsement(a, "Ann")
    with scopes_disabled():
        Event.objects.bulk_create(
            [
                Event(
                    association=a,
                    subject_type="credentials.endorsement",
                    subject_id=str(endorsement.pk),
                    verb="endorsement.revoked",
                    data={"number": endorsement.number},
                )
                for _ in range(3)
            ]
        )
    webhooks.dispatch()
    names = sorted(json.loads(body)["event"] for _, body in receiver.requests)
    assert names == ["endorsement.granted"] + ["endorsement.revoked"] * 3


@pytest.mark.django_db
def test_only_subscribed_events_of_its_own_association_are_sent(hooked, receiver, two_associations):
    factories.make_endorsement(two_associations["beta"]["association"], "Bob")
    lapsed = factories.make_endorsement(
        two_associations["alpha"]["association"], "Lee", status="lapsed"
    )
    webhooks.dispatch()
    names = [json.loads(body)["event"] for _, body in receiver.requests]
    assert names == ["endorsement.granted"]  # the lapse is not subscribed; B's grant not ours
    assert json.loads(receiver.requests[0][1])["endorsement"]["number"] == lapsed.number


@pytest.mark.django_db
def test_the_cursor_passes_settled_events_only(hooked, receiver, two_associations, monkeypatch):
    factories.make_endorsement(two_associations["alpha"]["association"], "Ann")
    webhooks.dispatch()
    with scopes_disabled():
        assert DispatchCursor.objects.get().last_event_id == 0
    later = timezone.now() + webhooks.SETTLE + timedelta(seconds=1)
    monkeypatch.setattr(webhooks.timezone, "now", lambda: later)  # every event has settled
    webhooks.fan_out()
    with scopes_disabled():
        assert DispatchCursor.objects.get().last_event_id == Event.objects.latest("pk").pk


@pytest.mark.django_db
def test_a_removed_webhook_gets_nothing_more(hooked, receiver, two_associations):
    a = two_associations["alpha"]
    with scopes_disabled():
        services.remove_webhook(webhook=hooked, actor=a["coordinator"])
        endorsement = factories.make_endorsement(a["association"], "Ann")
        revoke_endorsement(endorsement=endorsement, reason="error")
    webhooks.dispatch()
    assert receiver.requests == []


@pytest.mark.django_db
def test_private_addresses_are_refused_in_production(hooked, receiver, two_associations, settings):
    settings.DYAD_WEBHOOKS_ALLOW_PRIVATE = False
    factories.make_endorsement(two_associations["alpha"]["association"], "Ann")
    webhooks.dispatch()
    assert receiver.requests == []
    with scopes_disabled():
        delivery = WebhookDelivery.objects.get()
    assert "private" in delivery.last_error and delivery.status == "pending"


@pytest.mark.django_db(transaction=True)  # the worker closes the connection between tasks
def test_the_worker_sends_them(hooked, receiver, two_associations, run_tasks):
    # The grant's event queues a dispatcher run when it commits; the worker runs it.
    factories.make_endorsement(two_associations["alpha"]["association"], "Ann")
    run_tasks()
    assert len(receiver.requests) == 1
    with scopes_disabled():
        assert WebhookDelivery.objects.get().status == "delivered"


@pytest.mark.django_db(transaction=True)
def test_many_events_in_one_transaction_queue_one_dispatcher_run(two_associations, monkeypatch):
    from django.db import transaction

    from dyad.api import signals

    runs = []
    monkeypatch.setattr(signals, "_dispatch_now", lambda: runs.append(1))
    association = two_associations["alpha"]["association"]
    with transaction.atomic():
        for n in range(3):
            signals._event_saved(
                None,
                Event(verb="endorsement.granted", association=association, subject_id=str(n)),
                created=True,
            )
    assert runs == [1]
