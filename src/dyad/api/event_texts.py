"""How API key and webhook events read in plain words (registered in `ApiConfig.ready`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dyad.core.events import register_event_text


def _values(event) -> dict[str, str]:
    data = event.data or {}
    return {"prefix": data.get("prefix", ""), "who": _who(event)}


def _who(event) -> str:
    actor = getattr(event, "actor", None)
    return actor.name if actor is not None else _("someone")


def key_created(event) -> str:
    return _("API key %(prefix)s… created by %(who)s") % _values(event)


def key_revoked(event) -> str:
    return _("API key %(prefix)s… revoked by %(who)s") % _values(event)


def key_rotated(event) -> str:
    return _("API key %(prefix)s… made by %(who)s to replace a rotated key") % _values(event)


def webhook_created(event) -> str:
    return _("Webhook added by %(who)s") % _values(event)


def webhook_removed(event) -> str:
    return _("Webhook removed by %(who)s") % _values(event)


def register() -> None:
    register_event_text("api_key.created", key_created)
    register_event_text("api_key.revoked", key_revoked)
    register_event_text("api_key.rotated", key_rotated)
    register_event_text("webhook.created", webhook_created)
    register_event_text("webhook.removed", webhook_removed)
