"""An event a webhook may want queues a dispatcher run once its transaction commits (events
written in bulk send no signal: the dispatcher's own periodic run finds them by its cursor)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save

from dyad.core.models import Event

from .models import VERB_TO_WEBHOOK_EVENT


def _event_saved(sender, instance: Event, created: bool, **kwargs) -> None:
    if created and instance.verb in VERB_TO_WEBHOOK_EVENT and instance.association_id:
        from .tasks import schedule_dispatch

        transaction.on_commit(lambda: schedule_dispatch(now=True))


def connect() -> None:
    post_save.connect(_event_saved, sender=Event, dispatch_uid="dyad.api.event_saved")
