"""The dashboard shows a person their own associations only."""

import pytest
from django.urls import reverse

from dyad.associations.services import add_staff_member

pytestmark = pytest.mark.django_db


def test_staff_of_one_association_go_straight_to_it(client, two_associations):
    client.force_login(two_associations["alpha"]["reviewer"])
    response = client.get(reverse("web:dashboard"))
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
    html = client.get(reverse("web:dashboard")).content.decode()
    assert "Association alpha" in html and "Association gamma" in html
    assert "Association beta" not in html
