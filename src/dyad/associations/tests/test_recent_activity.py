"""Recent activity reads in plain words, names people as they are now, and costs two queries."""

import pytest
from django.db import transaction
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from dyad.associations.services import add_staff_member
from dyad.core.events import record_event
from dyad.core.models import Event
from dyad.testing.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(two_associations):
    return two_associations["alpha"]["association"]


def home(client, two_associations):
    client.force_login(two_associations["alpha"]["coordinator"])
    return client.get(reverse("associations:home", args=["alpha"])).content.decode()


def grant(alpha, user, role="reviewer"):
    with transaction.atomic(), scopes_disabled():
        add_staff_member(association=alpha, user=user, role=role)


def test_a_role_granted_event_stores_the_persons_id_not_their_email(alpha):
    person = make_user("kim@example.org", display_name="Kim Tran")
    grant(alpha, person, "exam_scorer")
    with scopes_disabled():
        event = Event.objects.get(verb="staff.role_granted", data__user=person.pk)
    assert event.data == {"user": person.pk}
    assert "kim@example.org" not in str(event.data)


def test_activity_shows_the_persons_current_name_and_the_roles_label(
    client, two_associations, alpha
):
    person = make_user(display_name="Kim Tran")
    grant(alpha, person, "exam_scorer")
    assert "Kim Tran was given the role exam scorer" in home(client, two_associations)
    person.display_name = "Kim Tran-Nguyen"
    person.save()
    assert "Kim Tran-Nguyen was given the role exam scorer" in home(client, two_associations)


def test_events_written_before_ids_were_stored_still_read_with_their_email(
    client, two_associations, alpha
):
    with transaction.atomic(), scope(association=alpha):
        record_event(
            subject=alpha,
            verb="staff.role_granted",
            to_state="reviewer",
            data={"user": "old.reviewer@example.org"},
        )
    html = home(client, two_associations)
    assert "old.reviewer@example.org was given the role reviewer" in html


@pytest.mark.parametrize("people", [2, 15])
def test_activity_costs_the_same_queries_whatever_the_number_of_people_named(
    client, two_associations, alpha, django_assert_max_num_queries, people
):
    for n in range(people):
        grant(alpha, make_user(display_name=f"Staffer {n}"))
    client.force_login(two_associations["alpha"]["coordinator"])
    with django_assert_max_num_queries(12):
        html = client.get(reverse("associations:home", args=["alpha"])).content.decode()
    assert f"Staffer {people - 1} was given the role reviewer" in html


def test_a_removed_role_is_recorded_and_reads_in_plain_words(client, two_associations, alpha):
    from dyad.associations.models import StaffMembership
    from dyad.associations.services import remove_staff_member

    person = make_user(display_name="Kim Tran")
    grant(alpha, person, "exam_scorer")
    with scope(association=alpha):
        membership = StaffMembership.objects.get(user=person)
        remove_staff_member(membership=membership, reason="left the association")
        assert not StaffMembership.objects.filter(user=person).exists()
        event = Event.objects.get(verb="staff.role_removed")
    assert (event.from_state, event.reason, event.data) == (
        "exam_scorer",
        "left the association",
        {"user": person.pk},
    )
    assert "Kim Tran no longer has the role exam scorer" in home(client, two_associations)
