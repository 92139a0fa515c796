"""Events read in plain words through the registry each app fills in its AppConfig.ready."""

import pytest
from django.db import transaction
from django_scopes import scope

from dyad.core import events
from dyad.core.events import describe, person_name, record_event, register_event_text, with_people
from dyad.testing.factories import make_association, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """A registry of this test's own, leaving the apps' registrations untouched."""
    monkeypatch.setattr(events, "_TEXTS", {})
    return events._TEXTS


def write(association, verb, **data):
    with transaction.atomic():
        return record_event(subject=association, verb=verb, data=data)


def test_an_unknown_verb_reads_as_the_verb(registry):
    event = write(make_association(), "thing.happened")
    assert describe(event) == "thing.happened"


def test_a_registered_verb_reads_as_its_text_naming_people_by_their_current_name(registry):
    register_event_text(
        "mentor.assigned", lambda e: f"{person_name(e, 'mentor')} mentors", people=("mentor",)
    )
    mentor = make_user(display_name="Rosa Delgado")
    event = write(make_association(), "mentor.assigned", mentor=mentor.pk)
    assert describe(event) == "Rosa Delgado mentors"


def test_a_page_of_events_loads_everyone_it_names_in_one_query(registry, django_assert_num_queries):
    register_event_text("x.named", lambda e: person_name(e, "who"), people=("who",))
    association = make_association()
    people = [make_user(display_name=f"P{n}") for n in range(6)]
    for person in people:
        write(association, "x.named", who=person.pk)
    from dyad.core.models import Event

    with scope(association=association), django_assert_num_queries(2):
        page = with_people(Event.objects.filter(association=association))
        texts = [describe(e) for e in page]
    assert texts == [f"P{n}" for n in range(6)]


def test_a_person_whose_account_is_gone_reads_as_a_removed_account(registry):
    register_event_text("x.named", lambda e: person_name(e, "who"), people=("who",))
    event = write(make_association(), "x.named", who=999_999)
    assert describe(event) == "a removed account"


def test_two_apps_cannot_claim_one_verb(registry):
    def first(event):
        return "first"

    register_event_text("x.claimed", first)
    register_event_text("x.claimed", first)  # ready() running twice is harmless
    with pytest.raises(ValueError, match="already registered"):
        register_event_text("x.claimed", lambda e: "second")


def test_the_associations_app_registers_its_verbs():
    assert {"staff.role_granted", "association.settings_changed"} <= set(events._TEXTS)
