"""The dashboard shows a person their own associations only."""

import pytest
from django.urls import reverse

from dyad.associations.services import add_staff_member
from dyad.testing.fixtures import VISITORS, visitor

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


SIGNED_IN = [(who, role) for who, role in VISITORS if who != "anonymous"]


@pytest.mark.parametrize(("who", "role"), SIGNED_IN, ids=[f"{w}-{r}" for w, r in SIGNED_IN])
def test_the_dashboard_leads_each_person_to_their_own_association_only(
    client, two_associations, who, role
):
    client.force_login(visitor(two_associations, who, role))
    response = client.get(reverse("web:dashboard"), follow=True)
    html = response.content.decode()
    for slug in ("alpha", "beta"):
        assert (f"Association {slug}" in html) == (who == slug)
    assert ("All associations at a glance" in html) == (who == "alliance_admin")


def test_roles_read_as_words(client, two_associations):
    from django.db import transaction
    from django_scopes import scopes_disabled

    from dyad.testing.factories import make_association

    person = two_associations["alpha"]["exam_scorer"]
    with transaction.atomic(), scopes_disabled():
        add_staff_member(association=make_association("gamma"), user=person, role="exam_scorer")
    client.force_login(person)
    html = client.get(reverse("web:dashboard")).content.decode()
    assert "(exam scorer)" in html and "exam_scorer" not in html
