"""The coordinator's API keys and webhooks pages: only the association's coordinators get in;
a key's secret is shown once and stored only as its hash; revoke and rotate work and each
action is an event; a double submit makes one key."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from dyad.api.models import ApiKey, Webhook
from dyad.api.services import digest
from dyad.core.models import Event
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

PAGES = ["/a/alpha/api-keys/", "/a/alpha/webhooks/"]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_alpha_coordinators_see_the_pages(client, two_associations, who, role):
    person = visitor(two_associations, who, role)
    if person is not None:
        client.force_login(person)
    with scopes_disabled():
        hook = Webhook.objects.create(
            association=two_associations["alpha"]["association"],
            url="https://example.org/h",
            secret="s",
            events=["endorsement.granted"],
        )
    allowed = (who, role) == ("alpha", "coordinator")
    for url in [*PAGES, f"/a/alpha/webhooks/{hook.pk}/"]:
        assert client.get(url).status_code == (200 if allowed else 404), url
    response = client.post(
        "/a/alpha/api-keys/", {"name": "x", "scope": "read", "key": uuid.uuid4()}
    )
    assert response.status_code == (200 if allowed else 404)


@pytest.mark.django_db
def test_a_new_key_is_shown_once_and_works(client, two_associations):
    coordinator = two_associations["alpha"]["coordinator"]
    client.force_login(coordinator)
    form_key = uuid.uuid4()
    response = client.post(
        "/a/alpha/api-keys/", {"name": "Membership CRM", "scope": "read", "key": form_key}
    )
    secret = response.context["new"].secret
    assert secret.startswith("dyad_") and secret in response.content.decode()
    with scopes_disabled():
        key = ApiKey.objects.get()
    assert key.hash == digest(secret) and secret not in str(key.__dict__)
    assert secret not in client.get("/a/alpha/api-keys/").content.decode()
    again = client.post(
        "/a/alpha/api-keys/", {"name": "Membership CRM", "scope": "read", "key": form_key}
    )
    assert again.status_code == 302
    with scopes_disabled():
        assert ApiKey.objects.count() == 1
    client.logout()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/endorsements", **auth).status_code == 200


@pytest.mark.django_db
def test_rotating_revokes_the_old_secret(client, two_associations):
    client.force_login(two_associations["alpha"]["coordinator"])
    old = client.post(
        "/a/alpha/api-keys/", {"name": "CRM", "scope": "read-write", "key": uuid.uuid4()}
    ).context["new"]
    rotated = client.post(f"/a/alpha/api-keys/{old.key.pk}/", {"action": "rotate"})
    new = rotated.context["new"]
    assert new.key.scope == "read-write" and new.key.name == "CRM"
    client.post(f"/a/alpha/api-keys/{old.key.pk}/", {"action": "rotate"})  # a double click
    client.logout()
    assert (
        client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {old.secret}").status_code == 401
    )
    assert (
        client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {new.secret}").status_code == 200
    )
    with scopes_disabled():
        assert ApiKey.objects.filter(revoked_at__isnull=True).count() == 1
        verbs = list(
            Event.objects.filter(verb__startswith="api_key.").values_list("verb", flat=True)
        )
    assert verbs == ["api_key.created", "api_key.rotated"]


@pytest.mark.django_db
def test_revoking_stops_the_key(client, two_associations):
    client.force_login(two_associations["alpha"]["coordinator"])
    new = client.post(
        "/a/alpha/api-keys/", {"name": "CRM", "scope": "read", "key": uuid.uuid4()}
    ).context["new"]
    client.post(f"/a/alpha/api-keys/{new.key.pk}/", {"action": "revoke"})
    page = client.get("/a/alpha/api-keys/").content.decode()
    assert "Revoked on" in page
    client.logout()
    assert (
        client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {new.secret}").status_code == 401
    )


@pytest.mark.django_db
def test_a_webhook_is_added_with_a_named_error_first(client, two_associations):
    client.force_login(two_associations["alpha"]["coordinator"])
    bad = client.post("/a/alpha/webhooks/", {"url": "not a url", "key": uuid.uuid4()})
    assert bad.status_code == 200
    assert bad.context["form"].errors.keys() == {"url", "events"}
    key = uuid.uuid4()
    data = {"url": "https://crm.example.org/dyad", "events": ["endorsement.granted"], "key": key}
    done = client.post("/a/alpha/webhooks/", data)
    client.post("/a/alpha/webhooks/", data)  # a double submit
    with scopes_disabled():
        hook = Webhook.objects.get()
    assert done.url == f"/a/alpha/webhooks/{hook.pk}/"
    page = client.get(done.url).content.decode()
    assert hook.secret in page and "Delivery log" in page
    client.post(done.url, {"action": "remove"})
    with scopes_disabled():
        hook.refresh_from_db()
    assert not hook.active


def _deliveries(association, webhook, n):
    from dyad.api.models import WebhookDelivery
    from dyad.core.models import Event

    with scopes_disabled():
        events = Event.objects.bulk_create(
            Event(association=association, subject_type="x.y", subject_id="1", verb="v")
            for _ in range(n)
        )
        WebhookDelivery.objects.bulk_create(
            WebhookDelivery(association=association, webhook=webhook, event=e, name="n")
            for e in events
        )


@pytest.mark.django_db
def test_the_pages_cost_the_same_queries_with_more_rows(
    client, two_associations, django_assert_max_num_queries
):
    a = two_associations["alpha"]
    client.force_login(a["coordinator"])
    with scopes_disabled():
        hook = Webhook.objects.create(
            association=a["association"], url="https://example.org/h", secret="s", events=[]
        )
    counts = {}
    for total in (2, 40):
        from dyad.api.services import create_api_key

        with scopes_disabled():
            for i in range(total - ApiKey.objects.count()):
                create_api_key(
                    association=a["association"], name=f"k{i}", scope="read", actor=a["coordinator"]
                )
        _deliveries(a["association"], hook, total // 2)
        for url in ("/a/alpha/api-keys/", f"/a/alpha/webhooks/{hook.pk}/", "/a/alpha/webhooks/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.setdefault(url, []).append(len(queries))
    assert all(small == big for small, big in counts.values()), counts
    with django_assert_max_num_queries(max(big for _, big in counts.values())):
        client.get("/a/alpha/api-keys/")
