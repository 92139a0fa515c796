"""The dashboard shows a person their own associations only."""

import pytest
from django.urls import reverse

from dyad.associations.services import add_staff_member

pytestmark = pytest.mark.django_db


def test_staff_of_one_association_go_straight_to_it(client, two_associations):
    client.force_login(two_associations["alpha"]["reviewer"])
    response = client.get(reverse("core:dashboard"))
    assert response["Location"] == reverse("associations:home", args=["alpha"])


def test_staff_of_two_associations_see_both_and_no_other(client, two_associations):
    from django.db import transaction
    from django_scopes import scopes_disabled

    from dyad.testing.factories import make_association

    person = two_associations["alpha"]["reviewer"]
    gamma = make_association("gamma")
    with transaction.atomic(), scopes_disabled():
        add_staff_member(association=gamma, user=person, role="exam_scorer")
    client.force_login(person)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Association alpha" in html and "Association gamma" in html
    assert "Association beta" not in html


def test_alliance_overview_lists_aggregates_in_constant_queries(
    client, two_associations, django_assert_max_num_queries
):
    from dyad.testing.factories import make_association, make_endorsement

    for i in range(8):
        association = make_association(f"extra-{i}")
        make_endorsement(association, f"Holder {i}")
    client.force_login(two_associations["alliance_admin"])
    with django_assert_max_num_queries(8):
        html = client.get(reverse("associations:alliance")).content.decode()
    assert html.count("<tr>") == 1 + 10
    assert "Holder" not in html  # figures only, no people
