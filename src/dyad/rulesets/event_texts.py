"""How requirement-set events read in plain words (registered in `RulesetsConfig.ready`).

Events keep the standard, the set and its version, the category: never a person's data."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dyad.core.events import register_event_text


def _data(event) -> dict[str, str]:
    data = event.data or {}
    return {
        key: str(data.get(key, ""))
        for key in ("standard", "based_on", "category", "set", "version")
    }


def _started(event) -> str:
    return _("Draft of the %(standard)s requirements started from %(based_on)s") % _data(event)


def _changed(event) -> str:
    return _("Draft of the %(standard)s requirements: %(category)s changed") % _data(event)


def _discarded(event) -> str:
    return _("Draft of the %(standard)s requirements discarded") % _data(event)


def _published(event) -> str:
    return _("Requirements %(set)s version %(version)s published") % _data(event)


def register() -> None:
    register_event_text("requirement_set.draft_started", _started)
    register_event_text("requirement_set.draft_changed", _changed)
    register_event_text("requirement_set.draft_discarded", _discarded)
    register_event_text("requirement_set.published", _published)
