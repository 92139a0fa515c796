"""The webhook dispatcher in the worker: a run fans new events out and sends what is due, then
queues the next run while any webhook is active (no cron needed with the database backend)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import TaskResultStatus, task

from . import webhooks
from .models import Webhook, WebhookDelivery

#: how often the dispatcher comes back by itself (events written in bulk fire no signal)
EVERY = timedelta(minutes=1)


@task()
def dispatch_webhooks() -> int:
    attempted = webhooks.dispatch()
    schedule_dispatch(force=True)
    return attempted


def schedule_dispatch(force: bool = False, now: bool = False) -> bool:
    """Keep one dispatcher run waiting: `now` for an event just committed, else at the next
    retry or a minute from now while a webhook is active. True when a run was queued."""
    backend = dispatch_webhooks.get_backend()
    with scopes_disabled():
        if not Webhook.objects.filter(active=True).exists():
            return False
        if now:
            if not force and _waiting(backend, due=True):
                return False
            dispatch_webhooks.enqueue()
            return True
        if not backend.supports_defer:
            return False
        if not force and _waiting(backend):
            return False
        at = timezone.now() + EVERY
        retry = (
            WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
            .order_by("next_attempt_at")
            .values_list("next_attempt_at", flat=True)
            .first()
        )
        if retry is not None and retry < at:
            at = max(retry, timezone.now())
    dispatch_webhooks.using(run_after=at).enqueue()
    return True


def _waiting(backend, due: bool = False) -> bool:
    """A dispatcher run already queued (due now, when `due`). Only the database backend can
    say; with another a second run is harmless (deliveries are unique, sends locked)."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    if not isinstance(backend, DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.filter(
        task_path=dispatch_webhooks.module_path, status=TaskResultStatus.READY
    )
    if due:
        waiting = waiting.filter(run_after__in=[get_date_max()]) | waiting.filter(
            run_after__lte=timezone.now()
        )
    return waiting.exists()
