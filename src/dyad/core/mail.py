"""Email through an outbox: stored in the sender's transaction, delivered by a task, retried.

`OutboxBackend` is Django's EMAIL_BACKEND: it writes each message to `OutboundEmail` and, once
the transaction commits, enqueues `deliver_email`. Delivery uses the backend configured by
EMAIL_URL (settings.DYAD_DELIVERY_EMAIL). A failure records the error and enqueues a retry with
growing delay; after DYAD_EMAIL_MAX_ATTEMPTS the message is marked failed (still kept, and
`dyad resend_email` sends it again).

Each message knows its association, taken from the active django-scopes scope (`association_view`,
`run_in_scope`); mail that belongs to none says why with `cross_tenant_mail("...")`. A message with
neither is refused with `UnattributedMail`, so nobody forgets.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models, transaction
from django.utils import timezone
from django_scopes.state import get_scope
from django_tasks import task

from .models import OutboundEmail

log = logging.getLogger(__name__)


_cross_tenant_reason: ContextVar[str] = ContextVar("cross_tenant_reason", default="")


class UnattributedMail(Exception):
    """A message was sent outside any association without saying why (a programming error)."""


@contextmanager
def cross_tenant_mail(reason: str) -> Iterator[None]:
    """Mark the mail sent inside as belonging to no association, on purpose, for `reason`
    (stored with each message). Account mail (sign-up, password reset) is the usual case."""
    if not reason.strip():
        raise ValueError("cross_tenant_mail needs a reason")
    token = _cross_tenant_reason.set(reason)
    try:
        yield
    finally:
        _cross_tenant_reason.reset(token)


def _attribution() -> tuple[object | None, str]:
    """(association id, reason) for a message sent now: the one association of the active
    django-scopes scope (an instance or its pk), else the reason given by `cross_tenant_mail`;
    neither (or a scope of several associations without a reason) is refused."""
    association = get_scope().get("association")
    if isinstance(association, models.Model):
        return association.pk, ""
    if isinstance(association, int) and not isinstance(association, bool):
        return association, ""
    reason = _cross_tenant_reason.get()
    if reason:
        return None, reason
    raise UnattributedMail(
        "Mail sent outside an association: send it inside run_in_scope(association) or "
        'association_view, or say why it has none with cross_tenant_mail("reason").'
    )


def _outbox_row(message, association_id, reason: str) -> OutboundEmail:
    """The outbox row of one message (unsaved), whole: recipients, reply-to, headers, and the
    HTML part when there is one."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype == "text/html":
            html = content
    return OutboundEmail(
        subject=str(message.subject),
        from_email=str(message.from_email or settings.DEFAULT_FROM_EMAIL),
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        body=str(message.body),
        html=html,
        headers={str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        association_id=association_id,
        cross_tenant_reason=reason,
    )


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            association_id, reason = _attribution()
            with transaction.atomic():
                row = _outbox_row(message, association_id, reason)
                row.save()
                transaction.on_commit(lambda pk=row.pk: deliver_email.enqueue(pk))
            count += 1
        return count


def _delivery_connection():
    options = dict(settings.DYAD_DELIVERY_EMAIL)
    backend = options.pop("BACKEND")
    kwargs = {k.lower(): v for k, v in options.items()}
    if "path" in kwargs:
        kwargs["file_path"] = kwargs.pop("path")
    return get_connection(backend, fail_silently=False, **kwargs)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes, at most six hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


@task()
def deliver_email(email_id: int) -> str:
    """Send one outbox message; on failure keep it and schedule the next attempt."""
    with transaction.atomic():
        row = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        done = (OutboundEmail.Status.SENT, OutboundEmail.Status.WITHDRAWN)
        if row is None or row.status in done:
            return "nothing to do"
        message = EmailMultiAlternatives(
            subject=row.subject,
            body=row.body,
            from_email=row.from_email,
            to=row.to,
            cc=row.cc,
            bcc=row.bcc,
            reply_to=row.reply_to,
            headers=row.headers,
            connection=_delivery_connection(),
        )
        if row.html:
            message.attach_alternative(row.html, "text/html")
        row.attempts += 1
        try:
            message.send()
        except Exception as exc:  # any transport failure: keep the message and retry later
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if row.attempts >= settings.DYAD_EMAIL_MAX_ATTEMPTS:
                row.status = OutboundEmail.Status.FAILED
                log.error("email %s failed %s times; kept as failed", row.pk, row.attempts)
            else:
                when = timezone.now() + retry_delay(row.attempts)
                transaction.on_commit(lambda: deliver_email.using(run_after=when).enqueue(email_id))
                log.warning("email %s attempt %s failed: %s", row.pk, row.attempts, exc)
            row.save(update_fields=["attempts", "last_error", "status"])
            return row.status
        row.status = OutboundEmail.Status.SENT
        row.sent_at = timezone.now()
        row.last_error = ""
        row.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        return row.status


def resend(rows) -> int:
    """Queue failed or stuck messages again (the `resend_email` command)."""
    count = 0
    for row in rows:
        with transaction.atomic():
            OutboundEmail.objects.filter(pk=row.pk).update(status=OutboundEmail.Status.QUEUED)
            transaction.on_commit(lambda pk=row.pk: deliver_email.enqueue(pk))
        count += 1
    return count


#: How many outbox messages one `deliver_batch` task delivers.
DELIVERY_BATCH = 200


def send_many(messages) -> list[int]:
    """Write many messages to the outbox at once (a sweep's reminders): one INSERT per thousand
    rows in the caller's transaction, attributed like `send_mail`'s (the scope's association, or
    `cross_tenant_mail`'s reason). Once the transaction commits, one `deliver_batch` task per
    DELIVERY_BATCH messages delivers them (each with `deliver_email`'s retries), so queueing
    costs no statement per message either. Returns the outbox ids."""
    messages = list(messages)
    if not messages:
        return []
    association_id, reason = _attribution()
    now = timezone.now()
    rows = [_outbox_row(message, association_id, reason) for message in messages]
    for row in rows:
        row.created_at = now
    rows = OutboundEmail.objects.bulk_create(rows, batch_size=1000)
    ids = [row.pk for row in rows]
    for start in range(0, len(ids), DELIVERY_BATCH):
        chunk = ids[start : start + DELIVERY_BATCH]
        transaction.on_commit(lambda chunk=chunk: deliver_batch.enqueue(chunk))
    return ids


@task()
def deliver_batch(email_ids: list[int]) -> int:
    """Deliver several outbox messages, one after the other, each as `deliver_email` would
    (a failed one schedules its own retry; a message already sent is skipped, so running the
    batch again sends nothing twice). Returns how many were sent."""
    sent = OutboundEmail.Status.SENT
    return sum(deliver_email.call(pk) == sent for pk in email_ids)
