"""How portfolio events read in plain words (registered in `PortfoliosConfig.ready`).

Events store the owner's id and, for a change, the names of the fields changed: never what an
entry says (a provider's name is someone else's personal data)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dyad.core.events import register_event_text

from .services import KINDS


def _entry(event) -> str:
    for model, kind in KINDS.items():
        if event.verb.startswith(f"portfolio.{kind}."):
            return str(model._meta.verbose_name)
    return event.verb


def added(event) -> str:
    return _("Added to the portfolio: %(entry)s") % {"entry": _entry(event)}


def changed(event) -> str:
    return _("Changed in the portfolio: %(entry)s") % {"entry": _entry(event)}


def removed(event) -> str:
    return _("Removed from the portfolio: %(entry)s") % {"entry": _entry(event)}


def imported(event) -> str:
    count = sum((event.data or {}).get("added", {}).values())
    return ngettext(
        "Imported a portfolio file: %(count)s entry added",
        "Imported a portfolio file: %(count)s entries added",
        count,
    ) % {"count": count}


def erased(event) -> str:
    count = sum((event.data or {}).get("removed", {}).values())
    return ngettext(
        "The portfolio was erased with the person's data: %(count)s entry removed",
        "The portfolio was erased with the person's data: %(count)s entries removed",
        count,
    ) % {"count": count}


def rsc_answered(event) -> str:
    from .models import RscSession

    verb = event.verb.rsplit(".", 1)[-1]
    if verb == "confirmed":
        return _("The RS/C provider confirmed a session")
    if verb == "not_held":
        return _("The RS/C provider said a session did not happen")
    fields = [
        str(RscSession._meta.get_field(name).verbose_name)
        for name in (event.data or {}).get("fields", [])
    ]
    return _("The RS/C provider corrected a session: %(fields)s") % {"fields": ", ".join(fields)}


def transcript_added(event) -> str:
    return _("Added a transcript to an education entry")


def transcript_removed(event) -> str:
    return _("Removed a transcript from an education entry")


def register() -> None:
    register_event_text("portfolio.transcript.added", transcript_added, people=("owner",))
    register_event_text("portfolio.transcript.removed", transcript_removed, people=("owner",))
    for answer in ("confirmed", "corrected", "not_held"):
        register_event_text(f"portfolio.rsc_session.{answer}", rsc_answered, people=("owner",))
    register_event_text("portfolio.erased", erased, people=("owner",))
    register_event_text("portfolio.imported", imported, people=("owner",))
    texts = {"added": added, "changed": changed, "removed": removed}
    for kind in KINDS.values():
        for action, text in texts.items():
            register_event_text(f"portfolio.{kind}.{action}", text, people=("owner",))
