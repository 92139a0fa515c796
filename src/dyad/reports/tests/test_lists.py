"""The lists behind the figures, on the known data set (data.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .data import alpha_history, application, beta_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client, two_associations):
    alpha_history(two_associations["alpha"]["association"])
    beta_history(two_associations["beta"]["association"])
    client.force_login(two_associations["alpha"]["coordinator"])
    return client


def endorsed(client, **query) -> set[str]:
    page = client.get(reverse("reports:endorsements", args=["alpha"]), query)
    assert page.status_code == 200
    return {e.holder_name for e in page.context["page"]}


def applied(client, **query) -> list[str]:
    page = client.get(reverse("reports:applications", args=["alpha"]), query)
    assert page.status_code == 200
    return sorted(a.category for a in page.context["page"])


def test_the_endorsements_behind_a_category_a_county_a_month(coordinator_client):
    today = timezone.localdate()
    assert endorsed(coordinator_client, category="IMHS", in_force="1") == {"E one", "E two"}
    assert endorsed(coordinator_client, county="Wayne County", in_force="1") == {"E one", "E two"}
    assert endorsed(coordinator_client, county="wayne") == {"E one", "E two", "E five", "E six"}
    month = (today + timedelta(20)).isoformat()[:7]
    assert "E one" in endorsed(coordinator_client, expires=month)
    assert endorsed(coordinator_client, lapsed=today.isoformat()[:7]) == {"E five"}
    assert len(endorsed(coordinator_client)) == 8  # alpha's only
    assert len(endorsed(coordinator_client, granted="2026-13", category="NOPE")) == 8


def test_the_applications_behind_a_month(coordinator_client):
    today = timezone.localdate()
    received = (today - timedelta(10)).isoformat()[:7]
    expected = sorted(
        category
        for category, days in (("IMHS", 30), ("IMHS", 18), ("IFS", 10), ("IFS", 45))
        if (today - timedelta(days)).isoformat()[:7] == received
    )
    assert applied(coordinator_client, received=received) == expected
    assert len(applied(coordinator_client)) == 5


@pytest.mark.parametrize("size", [2, 30])
def test_the_lists_cost_a_fixed_number_of_queries(
    coordinator_client, two_associations, django_assert_max_num_queries, size
):
    alpha = two_associations["alpha"]["association"]
    for _ in range(size):
        application(alpha, "IFS", [("started", 3), ("submitted", 2)])
    month = timezone.localdate().isoformat()[:7]
    with django_assert_max_num_queries(12):
        coordinator_client.get(reverse("reports:applications", args=["alpha"]), {"received": month})
    with django_assert_max_num_queries(12):
        coordinator_client.get(reverse("reports:endorsements", args=["alpha"]), {"lapsed": month})
