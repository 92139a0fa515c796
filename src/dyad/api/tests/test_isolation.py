"""Every endpoint against every kind of caller: no key, a bad key, a coordinator's session
without a key, A's read key, A's write key, B's key, A's revoked key. Public endpoints answer
everyone; A's data answers A's keys only (B's key gets 404: it cannot even learn it exists)."""

import json

import pytest
from django_scopes import scopes_disabled

from .conftest import bearer

CALLERS = ["none", "garbage", "session", "a_read", "a_write", "b_write", "revoked"]


def endpoints(world):
    e = world["alpha"]["endorsement"]
    app = world["alpha"]["application"]
    person = world["alpha"]["holder"]
    return [
        ("get", "/api/v1/", None, "public"),
        ("get", f"/api/v1/verify/{e.number}", None, "public"),
        ("get", "/api/v1/registry?q=holder", None, "public"),
        ("get", "/api/v1/associations/alpha/requirement-sets/IFS", None, "public"),
        ("get", "/api/v1/endorsements", None, "list"),
        ("get", f"/api/v1/endorsements/{e.number}", None, "read"),
        ("patch", f"/api/v1/endorsements/{e.number}", {"county": "Wayne"}, "write"),
        ("get", "/api/v1/people", None, "list"),
        ("get", f"/api/v1/people/{person.pk}", None, "read"),
        ("get", "/api/v1/applications", None, "list"),
        ("get", f"/api/v1/applications/{app.pk}", None, "read"),
        ("get", "/api/v1/renewals-due?days=400", None, "list"),
        # a dry run: B's key is answered too, but A's people are "left alone" (test_memberships)
        (
            "post",
            "/api/v1/memberships",
            {"rows": [{"email": person.email, "expires": "2030-01-01"}]},
            "bulk",
        ),
    ]


def expected(kind, caller):
    if kind == "public":
        return 200
    if caller in ("none", "garbage", "session", "revoked"):
        return 401
    if caller == "b_write":
        return 200 if kind in ("list", "bulk") else 404
    if kind in ("write", "bulk") and caller == "a_read":
        return 403
    return 200


@pytest.mark.django_db
@pytest.mark.parametrize("caller", CALLERS)
def test_each_endpoint_answers_only_whom_it_should(client, api_world, caller):
    keys = api_world["keys"]
    secret = {"garbage": "dyad_0000_not-a-key", **keys}.get(caller)
    if caller == "session":
        client.force_login(api_world["alpha"]["coordinator"])
    for method, url, body, kind in endpoints(api_world):
        extra = bearer(secret)
        if body is not None:
            response = getattr(client, method)(
                url, json.dumps(body), content_type="application/json", **extra
            )
        else:
            response = getattr(client, method)(url, **extra)
        assert response.status_code == expected(kind, caller), (method, url, response.content)
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_b_key_lists_none_of_a_data(client, api_world):
    a_number = api_world["alpha"]["endorsement"].number
    auth = bearer(api_world["keys"]["b_write"])
    numbers = [r["number"] for r in client.get("/api/v1/endorsements", **auth).json()["items"]]
    assert numbers == [api_world["beta"]["endorsement"].number]
    people = client.get("/api/v1/people", **auth).json()["items"]
    assert api_world["alpha"]["holder"].pk not in {p["id"] for p in people}
    apps = client.get("/api/v1/applications", **auth).json()["items"]
    assert [a["id"] for a in apps] == [api_world["beta"]["application"].pk]
    assert a_number not in json.dumps(client.get("/api/v1/renewals-due?days=730", **auth).json())


@pytest.mark.django_db
def test_a_read_key_changes_nothing(client, api_world):
    e = api_world["alpha"]["endorsement"]
    response = client.patch(
        f"/api/v1/endorsements/{e.number}",
        json.dumps({"county": "Elsewhere"}),
        content_type="application/json",
        **bearer(api_world["keys"]["a_read"]),
    )
    assert response.status_code == 403
    with scopes_disabled():
        e.refresh_from_db()
    assert e.county != "Elsewhere"


@pytest.mark.django_db
def test_people_are_found_by_name_or_email_only_within_the_keys_association(client, api_world):
    holder = api_world["alpha"]["holder"]
    a_key = bearer(api_world["keys"]["a_read"])
    found = client.get("/api/v1/people", {"email": holder.email.upper()}, **a_key).json()
    assert [p["id"] for p in found["items"]] == [holder.pk]
    part = holder.email.split("@")[0][-4:]
    assert holder.pk in {
        p["id"] for p in client.get("/api/v1/people", {"q": part}, **a_key).json()["items"]
    }
    nobody = client.get("/api/v1/people", {"q": "no-such-person-zz"}, **a_key).json()
    assert nobody["items"] == []
    b_key = bearer(api_world["keys"]["b_write"])
    assert client.get("/api/v1/people", {"email": holder.email}, **b_key).json()["items"] == []
