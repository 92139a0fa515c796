"""Changes of an association's API keys and webhooks, each with its event (style.md, rule 3).

Keys: `create_api_key` returns the key and its secret (the only time the secret exists outside
the caller's hands), `revoke_api_key`, `rotate_api_key` (a new secret with the same name and
scope; the old key is revoked in the same transaction). `authenticate(secret)` finds the active
key of a secret. Webhooks: `create_webhook` (its signing secret is made here), `remove_webhook`.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from dyad.core.errors import DyadError, validation_as_dyad_error
from dyad.core.events import record_event

from .models import WEBHOOK_EVENTS, ApiKey, Webhook

KEY_START = "dyad_"
#: last_used_at is written at most this often per key (not on every request)
USED_EVERY = timedelta(minutes=1)


class ApiError(DyadError):
    """A change to API keys or webhooks that cannot be made."""


class AlreadyDone(ApiError):
    """The form was submitted before: `done` is what it made."""

    def __init__(self, done) -> None:
        super().__init__(_("This was done already."))
        self.done = done


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    secret: str  # shown once


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"


def create_api_key(*, association, name: str, scope: str, actor, form_key=None) -> NewKey:
    """A new key of `association` named `name`, reading only or reading and writing. The same
    `form_key` twice (a double submit) raises `AlreadyDone` with the key made the first time:
    its secret was shown then and is never shown again."""
    if form_key is not None:
        earlier = ApiKey.objects.filter(association=association, form_key=form_key).first()
        if earlier is not None:
            raise AlreadyDone(earlier)
    name = " ".join(name.split())
    if not name:
        raise ApiError(_("Give the key a name, such as the system that will use it."), "name")
    if scope not in ApiKey.Scope.values:
        raise ApiError(_("Choose whether the key may only read or also write."), "scope")
    with transaction.atomic():
        return _make(association, name, scope, actor, "api_key.created", form_key=form_key)


def _make(
    association, name, scope, actor, verb, replaces=None, form_key=None, secret=None
) -> NewKey:
    prefix, made = _new_secret()
    if secret is None:
        secret = made
    else:  # the demo's key, known in advance (dyad.api.demo)
        prefix = secret.removeprefix(KEY_START).partition("_")[0]
    key = ApiKey(
        association=association,
        name=name,
        scope=scope,
        prefix=prefix,
        hash=digest(secret),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        replaces=replaces,
        form_key=form_key,
    )
    with validation_as_dyad_error(ApiError):
        key.full_clean(exclude=["created_by", "replaces"])
    key.save()
    record_event(
        subject=key,
        verb=verb,
        actor=actor,
        association=association,
        data={"key": key.pk, "prefix": prefix, "scope": scope},
    )
    return NewKey(key, secret)


def revoke_api_key(*, key: ApiKey, actor) -> ApiKey:
    """The key stops working at once. Idempotent: a revoked key stays as it was."""
    with transaction.atomic():
        locked = ApiKey.objects.select_for_update().get(pk=key.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record_event(
            subject=locked,
            verb="api_key.revoked",
            actor=actor,
            data={"key": locked.pk, "prefix": locked.prefix},
        )
    return locked


def rotate_api_key(*, key: ApiKey, actor) -> NewKey:
    """A new secret for the same name and scope; the old key is revoked in the same transaction.
    A revoked key cannot be rotated (a double click rotates once)."""
    with transaction.atomic():
        locked = ApiKey.objects.select_for_update().get(pk=key.pk)
        if locked.revoked_at is not None:
            raise ApiError(_("This key is already revoked: create a new one instead."))
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        return _make(
            locked.association, locked.name, locked.scope, actor, "api_key.rotated", locked
        )


def authenticate(secret: str) -> ApiKey | None:
    """The active key whose secret this is, or None. Keys are looked up across associations
    on purpose: the key itself says which association the request belongs to."""
    if not secret.startswith(KEY_START) or len(secret) > 100:
        return None
    with scopes_disabled():
        key = (
            ApiKey.objects.select_related("association")
            .filter(hash=digest(secret), revoked_at__isnull=True)
            .first()
        )
        if key is None:
            return None
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > USED_EVERY:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
    return key


def create_webhook(*, association, url: str, events: list[str], actor, form_key=None) -> Webhook:
    """Send the chosen events to `url` from now on, signed with a new secret. The same
    `form_key` twice (a double submit) returns the webhook made the first time."""
    if form_key is not None:
        earlier = Webhook.objects.filter(association=association, form_key=form_key).first()
        if earlier is not None:
            return earlier
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ApiError(_("Give the full address, starting with https://."), "url")
    unknown = sorted(set(events) - set(WEBHOOK_EVENTS))
    if unknown:
        raise ApiError(_("Unknown events: %(names)s.") % {"names": ", ".join(unknown)}, "events")
    if not events:
        raise ApiError(_("Choose at least one event to send."), "events")
    with transaction.atomic():
        webhook = Webhook(
            association=association,
            url=url,
            secret=secrets.token_hex(32),
            events=sorted(set(events)),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            form_key=form_key,
        )
        with validation_as_dyad_error(ApiError):
            webhook.full_clean(exclude=["created_by", "secret"])
        webhook.save()
        record_event(
            subject=webhook,
            verb="webhook.created",
            actor=actor,
            data={"webhook": webhook.pk, "events": webhook.events},
        )
        from .tasks import schedule_dispatch

        transaction.on_commit(schedule_dispatch)
    return webhook


def remove_webhook(*, webhook: Webhook, actor) -> Webhook:
    """Stop sending to the webhook (its delivery log stays). Idempotent."""
    with transaction.atomic():
        locked = Webhook.objects.select_for_update().get(pk=webhook.pk)
        if not locked.active:
            return locked
        locked.active = False
        locked.save(update_fields=["active"])
        record_event(
            subject=locked, verb="webhook.removed", actor=actor, data={"webhook": locked.pk}
        )
    return locked
