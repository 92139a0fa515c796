"""The endorsed person's own page: /credentials/."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.credentials.services import revoke_endorsement
from dyad.testing.factories import make_association, make_endorsement, make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db
URL = reverse("credentials:mine")


def test_it_lists_each_of_the_persons_endorsements_with_status_and_links(client):
    person = make_user()
    alpha, beta = make_association("alpha"), make_association("beta")
    make_endorsement(alpha, "Nia Thompson", "IMHS", number="AL-1", holder=person)
    expired = timezone.localdate() - timedelta(days=3)
    make_endorsement(beta, "Nia Thompson", "IFS", number="BE-1", holder=person, expires=expired)
    client.force_login(person)
    html = client.get(URL).content.decode()
    assert "Association alpha" in html and "Association beta" in html
    assert "Active until" in html
    assert "in its grace period since" in html
    assert reverse("credentials:certificate", kwargs={"number": "AL-1"}) in html
    assert 'value="http://127.0.0.1:8000/verify/AL-1"' in html
    assert "/credentials/AL-1.json" in html


def test_it_shows_only_the_persons_own_endorsements(client):
    person = make_user()
    alpha = make_association("alpha")
    make_endorsement(alpha, "Nia Thompson", number="AL-1", holder=person)
    make_endorsement(alpha, "Omar Haddad", number="AL-2", holder=make_user())
    make_endorsement(alpha, "No Account", number="AL-3")
    client.force_login(person)
    html = client.get(URL).content.decode()
    assert "AL-1" in html
    assert "AL-2" not in html and "AL-3" not in html


def test_a_revoked_endorsement_says_so_with_the_reason_and_offers_no_certificate(client):
    person = make_user()
    endorsement = make_endorsement(make_association("alpha"), "Nia", number="AL-1", holder=person)
    with scopes_disabled():
        revoke_endorsement(endorsement=endorsement, reason="Granted in error")
    client.force_login(person)
    html = client.get(URL).content.decode()
    assert "Reason: Granted in error" in html
    assert "has no certificate" in html
    assert reverse("credentials:certificate", kwargs={"number": "AL-1"}) not in html


def test_with_no_endorsement_it_says_what_happens_next(client):
    client.force_login(make_user())
    html = client.get(URL).content.decode()
    assert "You have no endorsement yet" in html
    assert reverse("portfolios:home") in html


def test_the_dashboard_links_to_it(client):
    client.force_login(make_user())
    assert URL in client.get(reverse("web:dashboard")).content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_the_query_count_does_not_grow_with_the_endorsements(
    client, count, django_assert_max_num_queries
):
    person = make_user()
    alpha = make_association("alpha")
    for n in range(count):
        make_endorsement(alpha, "Nia Thompson", number=f"AL-{n}", holder=person)
    client.force_login(person)
    with django_assert_max_num_queries(4):  # session, user, endorsements with associations
        response = client.get(URL)
    assert response.content.decode().count("Verification link") == count


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_each_visitor_sees_only_their_own(client, two_associations, who, role):
    make_endorsement(
        two_associations["alpha"]["association"],
        "Ana Holder",
        number="AL-9",
        holder=two_associations["applicant"],
    )
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = client.get(URL)
    if user is None:
        assert response.status_code == 302  # to sign in
        return
    assert response.status_code == 200
    assert ("AL-9" in response.content.decode()) == (who == "applicant")
