"""The event log (append-only) and the email outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class AppendOnlyError(Exception):
    """History is never edited: events cannot be changed or deleted."""


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The event log is append-only: events cannot be updated.")

    def delete(self):
        raise AppendOnlyError("The event log is append-only: events cannot be deleted.")


class Event(models.Model):
    """One state change: who, when, what, from which state to which, and why.

    Written by `dyad.core.events.record_event` in the same transaction as the change. On
    PostgreSQL a trigger also refuses UPDATE and DELETE of rows (migration 0002).
    """

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    association = models.ForeignKey(
        settings.DYAD_TENANT_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    subject_type = models.CharField(max_length=80)
    subject_id = models.CharField(max_length=64)
    verb = models.CharField(max_length=80)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = ScopedManager(
        association="association", _manager_class=models.Manager.from_queryset(EventQuerySet)
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.subject_type}:{self.subject_id} {self.verb}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("The event log is append-only: events cannot be updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The event log is append-only: events cannot be deleted.")


class OutboundEmail(models.Model):
    """A message waiting for, or done with, delivery. Never dropped: failures are retried.

    Every message either belongs to an association or says why it belongs to none
    (`dyad.core.mail.cross_tenant_mail`)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        #: Never to be sent: its recipient was erased before delivery.
        WITHDRAWN = "withdrawn", _("withdrawn")

    created_at = models.DateTimeField(default=timezone.now)
    subject = models.CharField(max_length=998)
    from_email = models.CharField(max_length=320)
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    bcc = models.JSONField(default=list, blank=True)
    reply_to = models.JSONField(default=list, blank=True)
    body = models.TextField()
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    #: The association the message is sent for (from the active scope), or empty with a reason.
    association = models.ForeignKey(
        settings.DYAD_TENANT_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: Why a message belongs to no association (sign-up, password reset...): set on purpose.
    cross_tenant_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject} -> {', '.join(self.to)} ({self.status})"
