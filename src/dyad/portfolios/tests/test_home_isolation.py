"""The portfolio page shows the signed-in person their own portfolio and nobody else's, whatever
their roles; anonymous visitors are sent to sign in. There is no id in the address to change."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone

from dyad.portfolios import services
from dyad.testing.factories import make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db

HOME = "/portfolio/"


def cites(html: str, ref: str) -> bool:
    """Whether the page names this entry (`work_experience:1` is not in `work_experience:12`)."""
    return re.search(rf"\b{re.escape(ref)}\b", html) is not None


def work_at(owner, employer: str):
    return services.add_work_experience(
        owner=owner,
        role="Home visitor",
        employer=employer,
        start=timezone.localdate() - timedelta(days=500),
        hours_per_week=20,
        paid=True,
        kind="prevention",
        participants="child_and_caregiver",
        min_months=0,
        max_months=36,
    )


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_each_visitor_sees_only_their_own_portfolio(client, two_associations, who, role):
    user = visitor(two_associations, who, role)
    other = make_user()
    theirs = work_at(other, "Employer of someone else")
    if user is None:
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"] == redirect_to_login(HOME)["Location"]
        return
    mine = work_at(user, f"Employer of {who} {role}")
    client.force_login(user)
    html = client.get(HOME).content.decode()
    assert f"Employer of {who} {role}" in html
    assert cites(html, mine.ref)
    assert "Employer of someone else" not in html
    assert not cites(html, theirs.ref)


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_staff_see_an_empty_portfolio_of_their_own_not_an_applicants(
    client, two_associations, who, role
):
    """Staff keep a portfolio as anyone does; an applicant's entries never show on theirs."""
    work_at(two_associations["applicant"], "The applicant's employer")
    user = visitor(two_associations, who, role)
    if user is None or who == "applicant":
        return
    client.force_login(user)
    html = client.get(HOME).content.decode()
    assert "Your portfolio is empty" in html
    assert "The applicant&#x27;s employer" not in html


def test_two_people_never_see_each_others_entries(client):
    ana, ben = make_user(), make_user()
    work_at(ana, "Ana's clinic")
    work_at(ben, "Ben's agency")
    client.force_login(ana)
    html = client.get(HOME).content.decode()
    assert "Ana&#x27;s clinic" in html and "Ben&#x27;s agency" not in html
    client.force_login(ben)
    html = client.get(HOME).content.decode()
    assert "Ben&#x27;s agency" in html and "Ana&#x27;s clinic" not in html


def test_the_page_takes_no_person_from_the_address(client):
    ana, ben = make_user(), make_user()
    work_at(ben, "Ben's agency")
    client.force_login(ana)
    for query in (f"?user={ben.pk}", f"?owner={ben.pk}", f"?id={ben.pk}"):
        assert "Ben&#x27;s agency" not in client.get(HOME + query).content.decode()


def test_the_page_only_answers_get(client):
    client.force_login(make_user())
    assert client.post(HOME).status_code == 405
