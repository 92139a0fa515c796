"""An event a webhook may want queues a dispatcher run once its transaction commits (events
written in bulk send no signal: the dispatcher's own periodic run finds them by its cursor)."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save

from dyad.core.models import Event

from .models import VERB_TO_WEBHOOK_EVENT


def _dispatch_now() -> None:
    from .tasks import schedule_dispatch

    schedule_dispatch(now=True)


def _event_saved(sender, instance: Event, created: bool, **kwargs) -> None:
    if created and instance.verb in VERB_TO_WEBHOOK_EVENT and instance.association_id:
        # One run per transaction, however many events it writes (an import through the
        # services writes thousands); a rolled-back transaction drops its callback with it.
        waiting = transaction.get_connection().run_on_commit
        if not any(entry[1] is _dispatch_now for entry in waiting):
            transaction.on_commit(_dispatch_now)


def connect() -> None:
    post_save.connect(_event_saved, sender=Event, dispatch_uid="dyad.api.event_saved")
