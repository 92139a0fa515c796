"""The public registry of endorsed professionals."""

from datetime import date

import pytest
from django.urls import reverse

from dyad.credentials.models import Endorsement
from dyad.testing.factories import make_association, make_endorsement

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    alpha, beta = make_association("alpha"), make_association("beta")
    make_endorsement(alpha, "Nia Thompson", "IMHM-C", number="AL-1")
    make_endorsement(beta, "Omar Haddad", "IMHS", number="BE-2")
    make_endorsement(
        alpha, "Lapsed Person", "IFS", status=Endorsement.Status.LAPSED, expires=date(2025, 1, 1)
    )
    return alpha, beta


def test_lists_active_endorsements_of_every_association_only(client, registry):
    html = client.get(reverse("credentials:registry")).content.decode()
    assert "Nia Thompson" in html and "Omar Haddad" in html
    assert "Lapsed Person" not in html
    assert "2 active endorsements" in html


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"q": "nia"}, "Nia Thompson", "Omar Haddad"),
        ({"q": "BE-2"}, "Omar Haddad", "Nia Thompson"),
        ({"q": "imhs"}, "Omar Haddad", "Nia Thompson"),
        ({"association": "alpha"}, "Nia Thompson", "Omar Haddad"),
    ],
)
def test_search(client, registry, params, shown, hidden):
    html = client.get(reverse("credentials:registry"), params).content.decode()
    assert shown in html and hidden not in html


def test_htmx_search_returns_only_the_results(client, registry):
    response = client.get(reverse("credentials:registry"), {"q": "nia"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Nia Thompson" in html


def test_empty_states_say_what_to_do(client, db):
    html = client.get(reverse("credentials:registry")).content.decode()
    assert "No endorsements are registered yet" in html
    make_association("alpha")
    html = client.get(reverse("credentials:registry"), {"q": "nobody"}).content.decode()
    assert "No active endorsement matches your search" in html


def test_registry_costs_the_same_queries_for_5_or_120_people(
    client, registry, django_assert_max_num_queries
):
    alpha = registry[0]
    with django_assert_max_num_queries(4):
        client.get(reverse("credentials:registry"))
    for i in range(120):
        make_endorsement(alpha, f"Person {i:03d}")
    with django_assert_max_num_queries(4):
        html = client.get(reverse("credentials:registry"), {"page": 2}).content.decode()
    assert "2 / 3" in html
