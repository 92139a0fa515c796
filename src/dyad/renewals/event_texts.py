"""How renewal events read in plain words (registered in `RenewalsConfig.ready`).

Events keep ids and dates (`person`, `endorsement`, `period_expires`, `new_expires`), never a
name or an email."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dyad.core.events import register_event_text


def _values(event) -> dict[str, str]:
    data = event.data or {}
    return {
        "period": data.get("period_expires", ""),
        "expires": data.get("new_expires", ""),
        "reason": event.reason,
    }


def started(event) -> str:
    return _("Renewal of the period ending %(period)s started") % _values(event)


def submitted(event) -> str:
    if event.to_state == "audit":
        return _("Renewal submitted and drawn for audit")
    return _("Renewal submitted to the coordinator")


def granted(event) -> str:
    if (event.data or {}).get("by") == "engine":
        return _("Renewal granted at once, every rule met: valid until %(expires)s") % _values(
            event
        )
    return _("Renewal confirmed by the coordinator: valid until %(expires)s") % _values(event)


def returned(event) -> str:
    return _("Renewal returned: %(reason)s") % _values(event)


def fee_paid(event) -> str:
    return _("Renewal fee paid")


def fee_waived(event) -> str:
    return _("Renewal fee waived")


def evidence_added(event) -> str:
    return _("Audit evidence uploaded")


def evidence_removed(event) -> str:
    return _("Audit evidence removed")


def register_flow() -> None:
    """The renewal's own moves (services.py)."""
    register_event_text("renewal.started", started)
    register_event_text("renewal.submitted", submitted)
    register_event_text("renewal.granted", granted)
    register_event_text("renewal.returned", returned)
    register_event_text("renewal.fee_paid", fee_paid)
    register_event_text("renewal.fee_waived", fee_waived)
    register_event_text("renewal.evidence_added", evidence_added)
    register_event_text("renewal.evidence_removed", evidence_removed)


def grace_started(event) -> str:
    data = event.data or {}
    return _(
        "Endorsement %(number)s (%(category)s) expired on %(expires)s: in its grace period"
    ) % {
        "number": data.get("number", ""),
        "category": data.get("category", ""),
        "expires": data.get("expires", ""),
    }


def settings_changed(event) -> str:
    from .models import RenewalSettings

    fields = {f.name: f.verbose_name for f in RenewalSettings._meta.get_fields() if f.concrete}
    names = [str(fields.get(k, k)) for k in sorted((event.data or {}).get("changed", {}))]
    return _("Renewal settings changed: %(names)s") % {"names": ", ".join(names)}


def register_sweep() -> None:
    """The sweep's and the settings' events (sweep.py, settings_services.py); a lapse is
    credentials' `endorsement.lapsed`."""
    register_event_text("renewal.grace_started", grace_started)
    register_event_text("renewal.settings_changed", settings_changed)
