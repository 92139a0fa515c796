"""Every report page against every visitor: alpha's coordinator only (association pages), the
Alliance administrator only (the Alliance's pages); everyone else gets 404."""

import pytest
from django.urls import reverse

from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

from .data import alpha_history, beta_history

pytestmark = pytest.mark.django_db

ASSOCIATION_PAGES = {
    "dashboard": ("reports:dashboard", []),
    "map": ("reports:map", []),
    "map csv": ("reports:map_csv", []),
    "map xlsx": ("reports:map_xlsx", []),
    "report csv": ("reports:report_file", ["csv"]),
    "report xlsx": ("reports:report_file", ["xlsx"]),
    "figure csv": ("reports:figure_csv", ["categories"]),
    "endorsements behind": ("reports:endorsements", []),
    "applications behind": ("reports:applications", []),
}
ALLIANCE_PAGES = {
    "alliance": ("reports:alliance", []),
    "alliance csv": ("reports:alliance_report_file", ["csv"]),
    "alliance xlsx": ("reports:alliance_report_file", ["xlsx"]),
    "alliance figure csv": ("reports:alliance_figure_csv", ["cycle"]),
}


@pytest.mark.parametrize("page", ASSOCIATION_PAGES)
@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_association_reports_matrix(client, two_associations, page, who, role):
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    name, args = ASSOCIATION_PAGES[page]
    response = client.get(reverse(name, args=["alpha", *args]))
    allowed = who == "alpha" and role == "coordinator"
    assert response.status_code == (200 if allowed else 404)


@pytest.mark.parametrize("page", ALLIANCE_PAGES)
@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_alliance_reports_matrix(client, two_associations, page, who, role):
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    name, args = ALLIANCE_PAGES[page]
    response = client.get(reverse(name, args=args))
    assert response.status_code == (200 if who == "alliance_admin" else 404)


def test_an_association_sees_only_its_own_people(client, two_associations):
    alpha_history(two_associations["alpha"]["association"])
    beta_history(two_associations["beta"]["association"])
    client.force_login(two_associations["alpha"]["coordinator"])
    csv = client.get(reverse("reports:figure_csv", args=["alpha", "categories"])).content.decode()
    assert "IMHS,2,0,1" in csv.splitlines()  # beta's three IMHS are not counted
    counties = client.get(reverse("reports:map_csv", args=["alpha"])).content.decode()
    assert "Wayne,2,0,0,2" in counties.splitlines()
    listed = client.get(reverse("reports:endorsements", args=["alpha"])).content.decode()
    assert "E one" in listed and "B 0" not in listed
    client.force_login(two_associations["beta"]["coordinator"])
    csv = client.get(reverse("reports:figure_csv", args=["beta", "categories"])).content.decode()
    assert "IMHS,3,0,0" in csv.splitlines()


def test_the_alliance_report_names_no_person(client, two_associations):
    alpha_history(two_associations["alpha"]["association"])
    client.force_login(two_associations["alliance_admin"])
    pages = [
        client.get(reverse("reports:alliance")).content.decode(),
        client.get(reverse("reports:alliance_report_file", args=["csv"])).content.decode(),
    ]
    for page in pages:
        assert "Association alpha" in page  # the comparison names associations
        assert "E one" not in page and "Person" not in page
