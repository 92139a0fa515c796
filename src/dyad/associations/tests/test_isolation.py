"""Tenant isolation: every association page against every role.

The matrix: for each page of association "alpha" and each kind of visitor, the expected status.
Staff of "beta" in any role, applicants, the Alliance administrator and anonymous visitors all
get 404 on alpha's pages, so nothing about alpha leaks.
"""

import pytest
from django.urls import reverse

from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db

PAGES = {
    # page name: roles of alpha's own staff that may see it
    "associations:home": {"coordinator", "reviewer", "exam_scorer"},
    "associations:settings": {"coordinator"},
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_association_pages_matrix(client, two_associations, page, who, role):
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(page, args=["alpha"]))
    allowed = who == "alpha" and role in PAGES[page]
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert "Association alpha" in response.content.decode()
        assert "Association beta" not in response.content.decode()


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_settings_cannot_be_changed_by_anyone_but_alphas_coordinator(
    client, two_associations, who, role
):
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = client.post(
        reverse("associations:settings", args=["alpha"]),
        {
            "name": "Taken over",
            "contact_email": "x@example.org",
            "currency": "USD",
            "application_fee": "1",
            "renewal_fee": "1",
            "reviewers_per_application": "2",
        },
    )
    two_associations["alpha"]["association"].refresh_from_db()
    if who == "alpha" and role == "coordinator":
        assert response.status_code == 302
        assert two_associations["alpha"]["association"].name == "Taken over"
    else:
        assert response.status_code == 404
        assert two_associations["alpha"]["association"].name == "Association alpha"


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_alliance_overview_is_for_alliance_administrators_only(client, two_associations, who, role):
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("web:alliance"))
    assert response.status_code == (200 if who == "alliance_admin" else 404)


def test_unknown_association_is_404(client, two_associations):
    client.force_login(two_associations["alpha"]["coordinator"])
    assert client.get(reverse("associations:home", args=["nowhere"])).status_code == 404


def test_an_unscoped_query_of_tenant_data_fails_loudly(two_associations):
    from django_scopes import ScopeError

    from dyad.associations.models import StaffMembership
    from dyad.core.models import Event
    from dyad.credentials.models import Endorsement

    for model in (StaffMembership, Event, Endorsement):
        with pytest.raises(ScopeError):
            list(model.objects.all())


def test_a_scoped_query_sees_only_its_association(two_associations):
    from django_scopes import scope

    from dyad.associations.models import StaffMembership

    alpha = two_associations["alpha"]["association"]
    with scope(association=alpha):
        slugs = set(StaffMembership.objects.values_list("association__slug", flat=True))
    assert slugs == {"alpha"}


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_the_cross_association_staff_admin_is_for_the_admin_site_only(
    client, two_associations, who, role
):
    """The admin lists every association's staff on purpose: no association role opens it."""
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("admin:associations_staffmembership_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
