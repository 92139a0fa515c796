"""Nobody sees or changes another person's portfolio entries, whatever their role; anonymous
visitors are sent to sign in. And the list pages cost the same few queries at any size."""

import uuid
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from dyad.portfolios import services
from dyad.portfolios.models import (
    Education,
    Membership,
    RscProvider,
    RscSession,
    StatedEndorsement,
    Training,
    WorkExperience,
)
from dyad.portfolios.selectors import FACTS_QUERIES
from dyad.testing.factories import make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db

SECRET = "Owner-only secret"


def fill(person, label: str = SECRET) -> dict:
    """One entry of every kind for `person`, each saying `label` somewhere shown."""
    provider = services.add_rsc_provider(owner=person, actor=person, name=f"{label} provider")
    services.add_stated_endorsement(
        provider=provider, actor=person, category="IMHM-C", start=date(2015, 1, 1)
    )
    work = services.add_work_experience(
        owner=person,
        actor=person,
        role=f"{label} role",
        start=date(2022, 1, 1),
        kind="prevention",
        participants="child_and_caregiver",
        min_months=0,
        max_months=36,
    )
    return {
        "training": services.add_training(
            owner=person, actor=person, title=f"{label} training", date=date(2024, 1, 1), minutes=60
        ),
        "work": work,
        "provider": provider,
        "rsc_session": services.add_rsc_session(
            owner=person,
            actor=person,
            date=date(2024, 2, 1),
            minutes=60,
            format="individual",
            provider=provider,
            work=work,
        ),
        "education": services.add_education(
            owner=person, actor=person, level="bachelor", completed=date(2019, 6, 1), field=label
        ),
        "membership": services.record_membership(
            owner=person, actor=person, association_name=label, expires=date(2030, 1, 1)
        ),
    }


VALID_POST = {
    "training": {"title": "Taken", "date": "2024-01-01", "hours": "1", "minutes": "0"},
    "work": {
        "role": "Taken",
        "start": "2022-01-01",
        "hours_per_week": "10",
        "kind": "prevention",
        "participants": "none",
        "min_months": "0",
        "max_months": "36",
    },
    "provider": {"name": "Taken"},
    "education": {"level": "master", "completed": "2020-01-01"},
}
KINDS = ("training", "work", "rsc_session", "provider", "education")
MODELS = {
    "training": Training,
    "work": WorkExperience,
    "rsc_session": RscSession,
    "provider": RscProvider,
    "education": Education,
}


def every_url(rows: dict) -> list[tuple[str, str]]:
    """(method, url) of every entry page, naming `rows` where a page takes a row."""
    urls = []
    for kind in KINDS:
        pk = rows[kind].pk
        urls += [
            ("get", reverse(f"portfolios:{kind}_list")),
            ("get", reverse(f"portfolios:new_{kind}")),
            ("post", reverse(f"portfolios:new_{kind}")),
            ("post", reverse(f"portfolios:draft_{kind}")),
            ("get", reverse(f"portfolios:edit_{kind}", args=[pk])),
            ("post", reverse(f"portfolios:edit_{kind}", args=[pk])),
            ("post", reverse(f"portfolios:draft_edit_{kind}", args=[pk])),
            ("get", reverse(f"portfolios:delete_{kind}", args=[pk])),
            ("post", reverse(f"portfolios:delete_{kind}", args=[pk])),
        ]
    stated = rows["provider"].stated_endorsements.get()
    return [
        *urls,
        (
            "post",
            reverse("portfolios:delete_stated_endorsement", args=[rows["provider"].pk, stated.pk]),
        ),
        ("get", reverse("portfolios:rsc_schedule")),
        ("post", reverse("portfolios:rsc_schedule")),
        ("get", reverse("portfolios:agreements")),
        ("post", reverse("portfolios:agreements")),
        ("get", reverse("portfolios:membership")),
        ("post", reverse("portfolios:membership")),
        ("post", reverse("portfolios:delete_membership", args=[rows["membership"].pk])),
    ]


def assert_sent_to_sign_in(client, rows) -> None:
    for method, url in every_url(rows):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"] == f"{reverse(settings.LOGIN_URL)}?next={url}"


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_nobody_sees_or_changes_anothers_entries(client, two_associations, who, role):
    owner = make_user(display_name="The owner")
    theirs = fill(owner)
    user = visitor(two_associations, who, role)
    if user is None:
        assert_sent_to_sign_in(client, theirs)
        assert Training.objects.get(owner=owner).title == f"{SECRET} training"
        return
    mine = fill(user, "Mine")
    client.force_login(user)
    for kind in KINDS:
        listing = client.get(reverse(f"portfolios:{kind}_list"))
        assert listing.status_code == 200
        text = listing.content.decode()
        assert SECRET not in text, kind
        pk = theirs[kind].pk
        for name in ("edit", "delete"):
            url = reverse(f"portfolios:{name}_{kind}", args=[pk])
            assert client.get(url).status_code == 404, url
            assert client.post(url, VALID_POST.get(kind, {})).status_code == 404, url
            # and through htmx, as the pages post
            htmx = client.post(url, VALID_POST.get(kind, {}), headers={"HX-Request": "true"})
            assert htmx.status_code == 404, url
        # nor can a draft be kept against their entry, nor read back from it
        url = reverse(f"portfolios:draft_edit_{kind}", args=[pk])
        assert client.post(url, {"title": "Mine now"}).status_code == 404, url
        assert f"portfolio-draft:{kind}:{pk}" not in client.session
        # their own row opens
        assert (
            client.get(reverse(f"portfolios:edit_{kind}", args=[mine[kind].pk])).status_code == 200
        )
    stated = theirs["provider"].stated_endorsements.get()
    url = reverse("portfolios:delete_stated_endorsement", args=[theirs["provider"].pk, stated.pk])
    assert client.post(url).status_code == 404
    url = reverse("portfolios:delete_membership", args=[theirs["membership"].pk])
    assert client.post(url).status_code == 404
    assert SECRET not in client.get(reverse("portfolios:membership")).content.decode()
    # a provider of another person cannot be named by one's own session either
    for url in (reverse("portfolios:new_rsc_session"), reverse("portfolios:rsc_schedule")):
        assert SECRET not in client.get(url).content.decode()
    # Everything of the owner is as it was.
    for kind in KINDS:
        assert MODELS[kind].objects.filter(owner=owner).count() == 1
    assert Training.objects.get(owner=owner).title == f"{SECRET} training"
    assert StatedEndorsement.objects.filter(provider__owner=owner).count() == 1
    assert Membership.objects.filter(owner=owner).count() == 1


def many(person, n: int) -> None:
    for i in range(n):
        fill(person, f"Entry {i}")


@pytest.mark.parametrize("kind", [*KINDS, "membership"])
def test_list_pages_cost_the_same_queries_at_five_and_fifty_entries(
    client, kind, django_assert_max_num_queries
):
    url = reverse("portfolios:membership" if kind == "membership" else f"portfolios:{kind}_list")
    small, large = make_user(), make_user()
    many(small, 5)
    many(large, 50)
    for person, size in ((small, 5), (large, 50)):
        client.force_login(person)
        # the page's own 5, and the "Where you stand" panel: the cached standing's key (1) and,
        # on a first visit, the portfolio facts (FACTS_QUERIES), whatever the size
        with django_assert_max_num_queries(6 + FACTS_QUERIES):
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("Entry ") >= size


def test_a_retried_request_with_someone_elses_key_adds_for_the_sender_only(client):
    """Keys are per owner: the same UUID from two people adds one row for each."""
    ana, bea = make_user(), make_user()
    key = str(uuid.uuid4())
    post = {**VALID_POST["training"], "key": key}
    for person in (ana, bea):
        client.force_login(person)
        assert client.post(reverse("portfolios:new_training"), post).status_code == 302
    assert Training.objects.filter(owner=ana).count() == 1
    assert Training.objects.filter(owner=bea).count() == 1
