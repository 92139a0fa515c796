"""API keys and webhooks of an association (tenant data: every row points at its association).

A key's secret is shown once, when it is made; only its SHA-256 is stored (a secret of 32 random
bytes needs no slow hash: nobody can guess one to match). The prefix, stored in the clear, names
the key on the pages and finds its row. A webhook's secret signs what is sent (HMAC-SHA256), so
it is kept as it is: the receiver holds the same one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

#: What a webhook may subscribe to: the name sent in the payload and the event verbs it covers.
WEBHOOK_EVENTS = {
    "endorsement.granted": ("endorsement.granted",),
    "endorsement.lapsed": ("endorsement.lapsed",),
    "endorsement.revoked": ("endorsement.revoked",),
    "application.decided": ("application.endorsed", "application.denied"),
}
#: event verb -> the webhook event name
VERB_TO_WEBHOOK_EVENT = {verb: name for name, verbs in WEBHOOK_EVENTS.items() for verb in verbs}


class ApiKey(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("read")
        READ_WRITE = "read-write", _("read and write")

    association = models.ForeignKey(
        "associations.Association", on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    #: the UUID of the form that made it: a double submit makes one key
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    #: the key this one replaced (rotation), for the page's history
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaced_by"
    )

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE


class Webhook(models.Model):
    association = models.ForeignKey(
        "associations.Association", on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("address (URL)"), max_length=500)
    secret = models.CharField(max_length=64, editable=False)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(default=True)
    form_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event sent to one webhook: made once (unique), retried with backoff until it is
    delivered or gives up."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("gave up")

    association = models.ForeignKey(
        "associations.Association", on_delete=models.CASCADE, related_name="+"
    )
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey("core.Event", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=40)  # the webhook event name (WEBHOOK_EVENTS)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(association="association")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event"], name="one_delivery_per_event")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.name} to {self.webhook_id} ({self.status})"


class DispatchCursor(models.Model):
    """How far the dispatcher has read the event log (infrastructure, across tenants)."""

    name = models.CharField(max_length=40, unique=True)
    last_event_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} after event {self.last_event_id}"
