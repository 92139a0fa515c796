"""The Alliance overview: every association's figures, no people."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_alliance_overview_lists_aggregates_in_constant_queries(
    client, two_associations, django_assert_max_num_queries
):
    from dyad.testing.factories import make_association, make_endorsement

    for i in range(8):
        association = make_association(f"extra-{i}")
        make_endorsement(association, f"Holder {i}")
    client.force_login(two_associations["alliance_admin"])
    with django_assert_max_num_queries(8):
        html = client.get(reverse("web:alliance")).content.decode()
    assert html.count("<tr>") == 1 + 10
    assert "Holder" not in html  # figures only, no people
