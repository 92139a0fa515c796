"""/portfolio/export.json: the signed-in person's own portfolio, as a download, to nobody else."""

import json
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from dyad.portfolios import services
from dyad.standards import load_portfolio_bytes
from dyad.testing.factories import make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db

URL = "/portfolio/export.json"


def test_the_address_is_the_documented_one():
    assert reverse("portfolios:export") == URL


def give_training(person, title):
    services.add_training(
        owner=person,
        actor=person,
        title=title,
        date=date(2025, 1, 1),
        minutes=60,
        imh_specific=True,
    )


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_everyone_downloads_only_their_own_portfolio(client, two_associations, who, role):
    people = [visitor(two_associations, w, r) for w, r in VISITORS if w != "anonymous"]
    for person in people:
        give_training(person, f"Training of person {person.pk}")
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = client.get(URL)
    if user is None:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse(settings.LOGIN_URL)}?next={URL}"
        return
    assert response.status_code == 200
    document = json.loads(response.content)
    assert [t["title"] for t in document["training"]] == [f"Training of person {user.pk}"]
    assert document["person"]["email"] == user.email


def test_the_download_is_a_file_the_reader_accepts_with_a_safe_name(client):
    ana = make_user(display_name='Ana "Ruiz"/../\r\nX')
    give_training(ana, "Foundations")
    client.force_login(ana)
    response = client.get(URL)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="dyad-portfolio-')
    assert disposition.endswith('.json"')
    assert "Ana" not in disposition
    portfolio = load_portfolio_bytes(response.content)
    assert portfolio.name == 'Ana "Ruiz"/../\r\nX'
    assert [t.title for t in portfolio.training] == ["Foundations"]


def test_the_export_only_answers_get(client):
    ana = make_user()
    client.force_login(ana)
    assert client.post(URL).status_code == 405
