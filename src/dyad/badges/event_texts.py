"""How the verifiable-credential events read in plain words (registered in `BadgesConfig.ready`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dyad.core.events import register_event_text


def key_created(event) -> str:
    return _("Signing key %(serial)s created for the verifiable credentials") % {
        "serial": (event.data or {}).get("serial", "")
    }


def key_rotated(event) -> str:
    return _("Signing key replaced: key %(serial)s signs new credentials") % {
        "serial": (event.data or {}).get("serial", "")
    }


def first_issued(event) -> str:
    return _("Verifiable credential for endorsement %(number)s issued for the first time") % {
        "number": (event.data or {}).get("number", "")
    }


def register() -> None:
    register_event_text("issuer_key.created", key_created)
    register_event_text("issuer_key.rotated", key_rotated)
    register_event_text("verifiable_credential.first_issued", first_issued)
