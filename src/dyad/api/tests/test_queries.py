"""List endpoints cost the same number of queries for a page of 2 rows as for a page of 40."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from dyad.applications.services import start_application
from dyad.testing import factories

from .conftest import bearer

LISTS = [
    "/api/v1/endorsements?size={n}",
    "/api/v1/people?size={n}",
    "/api/v1/applications?size={n}",
    "/api/v1/renewals-due?days=730&size={n}",
    "/api/v1/registry?size={n}",
]


def _grow(association, n):
    with scopes_disabled():
        for i in range(n):
            person = factories.make_user()
            factories.make_endorsement(association, f"Person {i}", holder=person)
            start_application(applicant=person, association=association, category="IFS")


@pytest.mark.django_db
@pytest.mark.parametrize("url", LISTS)
def test_a_bigger_page_costs_no_more_queries(
    client, api_world, url, settings, django_assert_max_num_queries
):
    _grow(api_world["alpha"]["association"], 40)
    auth = bearer(api_world["keys"]["a_read"])
    client.get(url.format(n=1), **auth)  # the key's first use is recorded once
    counts = []
    for n in (2, 40):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url.format(n=n), **auth)
        assert response.status_code == 200
        assert len(response.json()["items"]) == n
        counts.append(len(queries))
    assert counts[0] == counts[1], [q["sql"][:150] for q in queries.captured_queries]
    with django_assert_max_num_queries(counts[1]):
        client.get(url.format(n=40), **auth)
