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


VISITORS = [
    ("alpha", "coordinator"),
    ("alpha", "reviewer"),
    ("alpha", "exam_scorer"),
    ("beta", "coordinator"),
    ("beta", "reviewer"),
    ("beta", "exam_scorer"),
    ("applicant", None),
    ("alliance_admin", None),
]


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=[f"{w}-{r}" for w, r in VISITORS])
def test_the_dashboard_leads_each_person_to_their_own_association_only(
    client, two_associations, who, role
):
    person = two_associations[who][role] if role else two_associations[who]
    client.force_login(person)
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
