"""Membership status in bulk through the API: the membership import's rules (a dry run first,
nothing saved while any row is in error, the same rows twice change nothing), and a key of
another association touches none of this association's people."""

import json

import pytest
from django_scopes import scopes_disabled

from dyad.core.models import Event
from dyad.portfolios.models import Membership

from .conftest import bearer

URL = "/api/v1/memberships"


def post(client, key, rows, dry_run=None):
    body = {"rows": rows} if dry_run is None else {"rows": rows, "dry_run": dry_run}
    return client.post(URL, json.dumps(body), content_type="application/json", **bearer(key))


def entries(person):
    with scopes_disabled():
        return list(Membership.objects.filter(owner=person).values_list("expires", flat=True))


@pytest.mark.django_db
def test_a_dry_run_says_what_would_change_and_saves_nothing(client, api_world):
    holder = api_world["alpha"]["holder"]
    answer = post(
        client, api_world["keys"]["a_write"], [{"email": holder.email, "expires": "2030-06-30"}]
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["dry_run"] is True and body["saved"] is False
    assert body["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "errors": 0}
    assert "2030-06-30" in body["steps"][0]["changes"][0]
    assert entries(holder) == []


@pytest.mark.django_db
def test_applying_saves_once_and_a_second_time_changes_nothing(client, api_world):
    holder = api_world["alpha"]["holder"]
    rows = [{"email": holder.email, "expires": "2030-06-30"}]
    first = post(client, api_world["keys"]["a_write"], rows, dry_run=False).json()
    assert first["saved"] is True and first["counts"]["created"] == 1
    again = post(client, api_world["keys"]["a_write"], rows, dry_run=False).json()
    assert again["counts"] == {"created": 0, "updated": 0, "unchanged": 1, "errors": 0}
    assert [d.isoformat() for d in entries(holder)] == ["2030-06-30"]
    with scopes_disabled():  # the event names the key that made the change
        [event] = Event.objects.filter(verb="import.created")
    assert event.data["via"].startswith("api_key:") and event.data["owner"] == holder.pk


@pytest.mark.django_db
def test_one_bad_row_saves_nothing_and_names_its_row_and_column(client, api_world):
    holder = api_world["alpha"]["holder"]
    rows = [
        {"email": holder.email, "expires": "2030-06-30"},
        {"email": "someone@example.org", "expires": "30/06/2030"},
    ]
    answer = post(client, api_world["keys"]["a_write"], rows, dry_run=False)
    assert answer.status_code == 422
    assert answer["Content-Type"] == "application/problem+json"
    problem = answer.json()
    assert problem["field"] == "rows.2.expires"
    assert [(e["row"], e["column"]) for e in problem["errors"]] == [(2, "expires")]
    assert entries(holder) == []


@pytest.mark.django_db
def test_another_associations_key_leaves_these_people_alone(client, api_world):
    holder = api_world["alpha"]["holder"]
    rows = [{"email": holder.email, "expires": "2030-06-30"}]
    body = post(client, api_world["keys"]["b_write"], rows, dry_run=False).json()
    assert body["counts"] == {"created": 0, "updated": 0, "unchanged": 1, "errors": 0}
    assert holder.name not in json.dumps(body)
    assert entries(holder) == []


@pytest.mark.django_db
def test_a_read_key_may_not_update(client, api_world):
    holder = api_world["alpha"]["holder"]
    rows = [{"email": holder.email, "expires": "2030-06-30"}]
    assert post(client, api_world["keys"]["a_read"], rows, dry_run=False).status_code == 403
    assert entries(holder) == []
