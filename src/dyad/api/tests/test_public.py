"""The public endpoints: verification with status and history, the registry, an association's
requirement set; problem documents for what is not there; the rate limit."""

import pytest
from django_scopes import scopes_disabled

from dyad.credentials.services import revoke_endorsement
from dyad.testing import factories


@pytest.mark.django_db
def test_verification_gives_the_status_in_words_and_the_history(client, two_associations):
    a = two_associations["alpha"]["association"]
    endorsement = factories.make_endorsement(a, "Rosa Díaz")
    with scopes_disabled():
        revoke_endorsement(endorsement=endorsement, reason="Licence withdrawn")
    body = client.get(f"/api/v1/verify/{endorsement.number}").json()
    assert body["status"] == "revoked" and body["in_force"] is False
    assert "Licence withdrawn" in body["status_text"]
    assert body["association"] == {"slug": "alpha", "name": a.name}
    assert [h["text"].split(" ")[0] for h in body["history"]] == ["Endorsement", "Endorsement"]
    assert "revoked" in body["history"][-1]["text"]


@pytest.mark.django_db
def test_an_unknown_number_is_a_problem_document(client, db):
    response = client.get("/api/v1/verify/NOPE-1")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "NOPE-1" in response.json()["detail"]


@pytest.mark.django_db
def test_the_registry_finds_by_name_and_pages_by_cursor(client, two_associations):
    a = two_associations["alpha"]["association"]
    for name in ("Ana Uno", "Ana Dos", "Ana Tres", "Bea Otra"):
        factories.make_endorsement(a, name)
    first = client.get("/api/v1/registry?q=ana&size=2").json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = client.get(f"/api/v1/registry?q=ana&size=2&cursor={first['next_cursor']}").json()
    names = [r["holder_name"] for r in first["items"] + second["items"]]
    assert sorted(names) == ["Ana Dos", "Ana Tres", "Ana Uno"]
    assert second["next_cursor"] is None


@pytest.mark.django_db
def test_a_bad_filter_is_named(client, db):
    response = client.get("/api/v1/registry?category=XYZ")
    assert response.status_code == 422
    assert response.json()["field"] == "category"
    response = client.get("/api/v1/registry?catgory=IFA")
    assert response.status_code == 422 and response.json()["field"] == "catgory"


@pytest.mark.django_db
def test_the_requirement_set_is_the_one_applications_use(client, two_associations):
    from dyad.applications.services import requirement_set_for

    body = client.get("/api/v1/associations/alpha/requirement-sets/IFS").json()
    rset = requirement_set_for(two_associations["alpha"]["association"], "IFS")
    assert (body["id"], body["version"]) == (rset.id, rset.version)
    assert body["category"]["code"] == "IFS"
    assert {r["rule"] for r in body["category"]["application"]} == {
        r.rule for r in rset.category("IFS").application
    }
    # alpha licenses IMH-E only
    assert client.get("/api/v1/associations/alpha/requirement-sets/ECFS").status_code == 404
    assert client.get("/api/v1/associations/nobody/requirement-sets/IFS").status_code == 404


@pytest.mark.django_db
def test_too_many_requests_get_429_with_retry_after(client, db, settings):
    settings.DYAD_RATE_LIMITS = {
        **settings.DYAD_RATE_LIMITS,
        "api_public": {"address": "3/m", "account": "3/m"},
    }
    codes = [client.get("/api/v1/verify/NOPE-1").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    response = client.get("/api/v1/registry")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_a_domain_error_names_its_field(client, api_world):
    from .conftest import bearer

    e = api_world["alpha"]["endorsement"]
    response = client.patch(
        f"/api/v1/endorsements/{e.number}",
        '{"state": "M1"}',
        content_type="application/json",
        **bearer(api_world["keys"]["a_write"]),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "state"
    response = client.patch(
        f"/api/v1/endorsements/{e.number}",
        '{"county": "Wayne", "state": "mi"}',
        content_type="application/json",
        **bearer(api_world["keys"]["a_write"]),
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["county"], body["state"]) == ("Wayne", "MI")
    assert "where the person works was updated" in body["history"][-1]["text"]
    from dyad.api.models import ApiKey
    from dyad.core.models import Event

    with scopes_disabled():
        event = Event.objects.get(verb="endorsement.workplace_changed")
        key = ApiKey.objects.get(name="write")
    assert event.data["via"] == f"api_key:{key.prefix}"
    assert event.data["fields"] == ["county", "state"]
