"""The event log: `record_event` writes it (design.md invariants); apps say how it reads.

Writing: `record_event(...)` inside the transaction of the change. Store ids, never emails or
names (data of a person who may be erased): `data={"user": user.pk}`.

Reading in plain words: each app registers, in its `AppConfig.ready`, one text function per verb::

    register_event_text("staff.role_granted", role_granted_text, people=("user",))

`people` names the keys of `event.data` that hold user ids. `with_people(events)` loads those
users for a whole page of events in one query, and a text function reads a person's current name
with `person_name(event, "user")`. `describe(event)` gives the sentence (the template filter
`{{ event|describe }}` of `dyad_events`); an unregistered verb reads as the verb itself.
Events written before ids were stored hold an email instead: shown as it is, unless a lookup
registered with `register_person_lookup` recognises it (accounts: an erased person's address).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction

from .errors import NotInTransaction
from .models import Event


def record_event(
    *,
    subject: models.Model,
    verb: str,
    actor: Any = None,
    association: Any = None,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    """Append an event for a change to `subject`.

    Must run inside the transaction that makes the change (`transaction.atomic`), so the change
    and its record commit or roll back together.
    """
    if not transaction.get_connection().in_atomic_block:
        raise NotInTransaction(
            f"record_event({verb!r}) must run inside the transaction of the change it records"
        )
    if association is None:
        is_tenant = subject._meta.label_lower == settings.DYAD_TENANT_MODEL.lower()
        association = subject if is_tenant else getattr(subject, "association", None)
    event = Event(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        association=association,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        verb=verb,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )
    event.save()
    return event


def history(subject: models.Model) -> list[Event]:
    """The events of one subject, oldest first (the caller's scope applies), with the people
    they name loaded for `describe`."""
    return with_people(
        Event.objects.filter(
            subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
        ).select_related("actor")
    )


@dataclass(frozen=True)
class EventText:
    text: Callable[[Event], str]
    people: tuple[str, ...] = ()


_TEXTS: dict[str, EventText] = {}


def register_event_text(
    verb: str, text: Callable[[Event], str], *, people: Iterable[str] = ()
) -> None:
    """Say how events of `verb` read: `text(event)` returns one translated sentence.

    `people`: keys of `event.data` holding user ids, loaded in bulk by `with_people`. Call it from
    the app's `AppConfig.ready`; registering a verb twice with another function is refused (two
    apps would be claiming one verb)."""
    entry = EventText(text, tuple(people))
    known = _TEXTS.get(verb)
    if known is not None and known != entry:
        raise ValueError(f"Event text for {verb!r} is already registered by {known.text!r}")
    _TEXTS[verb] = entry


#: For events written before ids were stored (their data holds an email): a function of the set
#: of such values returning {value: user} for those it recognises, in one query. accounts
#: registers one so that an erased person's old address reads as their pseudonym.
_legacy_lookups: list[Callable[[set[str]], dict[str, Any]]] = []


def register_person_lookup(lookup: Callable[[set[str]], dict[str, Any]]) -> None:
    """Register how old events' stored emails are matched to people (`AppConfig.ready`)."""
    if lookup not in _legacy_lookups:
        _legacy_lookups.append(lookup)


def with_people(events: Iterable[Event]) -> list[Event]:
    """Evaluate `events` and load every user their registered `people` keys name, in one query
    (plus one per registered lookup when old events hold emails)."""
    events = list(events)
    ids: set[int] = set()
    legacy: set[str] = set()
    for event in events:
        for value in _people_values(event).values():
            if isinstance(value, int):
                ids.add(value)
            elif isinstance(value, str) and value:
                legacy.add(value)
    users: dict[Any, Any] = dict(get_user_model()._default_manager.in_bulk(ids)) if ids else {}
    for lookup in _legacy_lookups if legacy else ():
        users.update(lookup(legacy))
    for event in events:
        event.people = {key: users.get(value) for key, value in _people_values(event).items()}
    return events


def person_name(event: Event, key: str) -> str:
    """The current name of the person `event.data[key]` names.

    New events store a user id: the name is read now, so an erased person shows as their
    pseudonym. Events written before ids were stored hold the email itself: shown as it is,
    unless a registered lookup recognises it (an erased person's old address)."""
    value = (event.data or {}).get(key, "")
    people = getattr(event, "people", None)
    if people is None:  # a single event read without with_people(): one query, for this one
        people = with_people([event])[0].people
    user = people.get(key)
    if user is not None:
        return getattr(user, "name", None) or str(user)
    if isinstance(value, int):
        from django.utils.translation import gettext

        return gettext("a removed account")
    return str(value)


def describe(event: Event) -> str:
    """One plain sentence for an event, in the reader's language (unknown verbs stay as is)."""
    entry = _TEXTS.get(event.verb)
    return entry.text(event) if entry else event.verb


def _people_values(event: Event) -> dict[str, Any]:
    """The values of the registered `people` keys of one event (ids, or emails in old rows)."""
    entry = _TEXTS.get(event.verb)
    data = event.data or {}
    return {key: data[key] for key in (entry.people if entry else ()) if key in data}
