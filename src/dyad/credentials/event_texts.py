"""How endorsement events read in plain words (registered in `CredentialsConfig.ready`).

Events keep the endorsement's number, category and expiry date, never the holder's name."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dyad.core.events import register_event_text


def _values(event) -> dict[str, str]:
    data = event.data or {}
    return {
        "number": data.get("number", ""),
        "category": data.get("category", ""),
        "expires": data.get("expires", ""),
        "reason": event.reason,
    }


def granted(event) -> str:
    return _("Endorsement %(number)s (%(category)s) granted, valid until %(expires)s") % _values(
        event
    )


def lapsed(event) -> str:
    return _("Endorsement %(number)s (%(category)s) lapsed") % _values(event)


def revoked(event) -> str:
    return _("Endorsement %(number)s (%(category)s) revoked: %(reason)s") % _values(event)


def reinstated(event) -> str:
    return _("Endorsement %(number)s (%(category)s) reinstated, valid until %(expires)s") % _values(
        event
    )


def renewed(event) -> str:
    return _("Endorsement %(number)s (%(category)s) renewed, valid until %(expires)s") % _values(
        event
    )


def corrected(event) -> str:
    # The reason stays with staff (the event log): the public history says only what happened.
    return _("Endorsement %(number)s (%(category)s) corrected and reissued") % _values(event)


def workplace_changed(event) -> str:
    return _("Endorsement %(number)s (%(category)s): where the person works was updated") % (
        _values(event)
    )


def register() -> None:
    register_event_text("endorsement.granted", granted)
    register_event_text("endorsement.lapsed", lapsed)
    register_event_text("endorsement.revoked", revoked)
    register_event_text("endorsement.reinstated", reinstated)
    register_event_text("endorsement.corrected", corrected)
    register_event_text("endorsement.workplace_changed", workplace_changed)
    register_event_text("endorsement.renewed", renewed)
