"""Webhook deliveries: the dispatcher reads the event log after its cursor and sends each event
that a webhook subscribed to, signed, with retries (docs/api.md, Webhooks).

1. `fan_out()` reads `core.Event` rows after the stored cursor (so events written in bulk, such
   as a renewal sweep's lapses, go out too) and makes one `WebhookDelivery` per (webhook, event);
   the pair is unique, so a retried or concurrent run never makes a second one. Events of the
   last `SETTLE` are read again on the next run (the cursor stops before them): a transaction
   that took an id earlier but committed later is still seen.
2. `send_due()` sends every delivery that is waiting and due, each under a row lock taken with
   SKIP LOCKED (two workers never send one delivery), and records the answer: 2xx delivered;
   anything else tried again after `BACKOFF[attempts]`, then given up after `len(BACKOFF)` tries.

Each POST carries the JSON body, `Dyad-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<body>" under the webhook's secret>` and `Dyad-Event`/`Dyad-Delivery` headers.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.core.models import Event

from .models import VERB_TO_WEBHOOK_EVENT, DispatchCursor, Webhook, WebhookDelivery

CURSOR = "webhooks"
#: how long an event may wait for an earlier transaction before the cursor passes it
SETTLE = timedelta(minutes=2)
#: the wait before each retry (after the 1st failure, the 2nd...); then it gives up
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
TIMEOUT_SECONDS = 10
BATCH = 500
SIGNATURE_HEADER = "Dyad-Signature"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def payload(delivery: WebhookDelivery) -> dict:
    """What a receiver gets: the event's name, when, the association and the subject's ids."""
    event = delivery.event
    data = event.data or {}
    body = {
        "id": str(delivery.pk),
        "event": delivery.name,
        "occurred_at": event.created_at.isoformat(),
        "association": delivery.webhook.association.slug,
        "from_state": event.from_state,
        "to_state": event.to_state,
    }
    if event.subject_type == "credentials.endorsement":
        body["endorsement"] = {
            "number": data.get("number", ""),
            "category": data.get("category", ""),
            "expires": data.get("expires", ""),
        }
    elif event.subject_type == "applications.application":
        body["application"] = {"id": int(event.subject_id), "state": event.to_state}
    return body


def fan_out() -> tuple[int, bool]:
    """Make the deliveries of the next events after the cursor: (events read, whether the
    cursor moved)."""
    verbs = list(VERB_TO_WEBHOOK_EVENT)
    with scopes_disabled(), transaction.atomic():
        DispatchCursor.objects.get_or_create(name=CURSOR)
        cursor = DispatchCursor.objects.select_for_update().get(name=CURSOR)
        events = list(
            Event.objects.filter(pk__gt=cursor.last_event_id, verb__in=verbs)
            .exclude(association=None)
            .order_by("pk")
            .only("pk", "verb", "association_id", "created_at")[:BATCH]
        )
        if not events:
            return 0, False
        hooks: dict[int, list[Webhook]] = {}
        for hook in Webhook.objects.filter(
            active=True, association_id__in={e.association_id for e in events}
        ):
            hooks.setdefault(hook.association_id, []).append(hook)
        rows = []
        for event in events:
            name = VERB_TO_WEBHOOK_EVENT[event.verb]
            for hook in hooks.get(event.association_id, ()):
                # A webhook hears what happens from the moment it is added, not the past.
                if name in hook.events and hook.created_at <= event.created_at:
                    rows.append(
                        WebhookDelivery(
                            association_id=event.association_id,
                            webhook=hook,
                            event_id=event.pk,
                            name=name,
                        )
                    )
        WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
        # The cursor passes settled events only, up to the first one that is not.
        settled = timezone.now() - SETTLE
        last = cursor.last_event_id
        for event in events:
            if event.created_at > settled:
                break
            last = event.pk
        moved = last != cursor.last_event_id
        if moved:
            cursor.last_event_id = last
            cursor.save(update_fields=["last_event_id"])
        return len(events), moved


def dispatch() -> int:
    """Fan every new event out, then send what is due; return the deliveries attempted."""
    while True:
        read, moved = fan_out()
        if read < BATCH or not moved:
            break
    return send_due()


def send_due(limit: int = 100) -> int:
    """Send the deliveries that are waiting and due; return how many were attempted."""
    sent = 0
    for _ in range(limit):
        if not _send_one():
            break
        sent += 1
    return sent


def _send_one() -> bool:
    with scopes_disabled(), transaction.atomic():
        rows = WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
        ).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        delivery = rows.select_related("webhook__association", "event").first()
        if delivery is None:
            return False
        if not delivery.webhook.active:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.last_error = "webhook removed"
            delivery.save(update_fields=["status", "last_error"])
            return True
        body = json.dumps(payload(delivery), separators=(",", ":"), sort_keys=True).encode()
        code, error = post(delivery.webhook, delivery, body)
        delivery.attempts += 1
        delivery.last_status_code = code
        delivery.last_error = error[:300]
        if code is not None and 200 <= code < 300:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
        elif delivery.attempts > len(BACKOFF):
            delivery.status = WebhookDelivery.Status.FAILED
        else:
            delivery.next_attempt_at = timezone.now() + BACKOFF[delivery.attempts - 1]
        delivery.save()
    return True


def post(webhook: Webhook, delivery: WebhookDelivery, body: bytes) -> tuple[int | None, str]:
    """POST the body; (status code or None, error text)."""
    problem = refused_address(webhook.url)
    if problem:
        return None, problem
    timestamp = int(time.time())
    request = urllib.request.Request(
        webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Dyad-Webhooks/1",
            "Dyad-Event": delivery.name,
            "Dyad-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: sign(webhook.secret, timestamp, body),
        },
    )
    try:
        with _opener().open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, str(getattr(exc, "reason", exc))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect could lead to a private address
        return None


def _opener():
    return urllib.request.build_opener(_NoRedirect)


def refused_address(url: str) -> str:
    """Why Dyad will not send to `url` ("" when it will): in production, addresses inside the
    server's own network (loopback, private, link-local) are refused, so a webhook cannot reach
    services that are not public. DYAD_WEBHOOKS_ALLOW_PRIVATE (on outside production) lifts it."""
    if settings.DYAD_WEBHOOKS_ALLOW_PRIVATE:
        return ""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError as exc:
        return f"address not found: {exc}"
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return "a private or local address is refused"
    return ""
