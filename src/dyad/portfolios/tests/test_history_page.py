"""The person's own history: every change to their portfolio in plain words, newest first, 50 a
page, never anyone else's; its cost does not grow with the number of events."""

import json
import re
from datetime import date

import pytest
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dyad.portfolios import services
from dyad.portfolios.models import Training
from dyad.portfolios.tests.test_documents import PERSONAS, trimmed
from dyad.testing.factories import make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db

HISTORY = "/portfolio/history/"


def add_trainings(owner, count: int) -> None:
    for n in range(count):
        services.add_training(
            owner=owner, title=f"Course {n}", date=date(2025, 1, 1), minutes=60, imh_specific=True
        )


def course(owner, n: int) -> Training:
    return Training.objects.get(owner=owner, title=f"Course {n}")


def items(html: str) -> list[str]:
    section = html[html.index('id="history"') :]
    return re.findall(r"</time>\s*([^<]+?)\s*</li>", section)


def test_the_url_is_named():
    assert reverse("portfolios:history") == HISTORY


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_each_visitor_sees_only_their_own_history(client, two_associations, who, role):
    user = visitor(two_associations, who, role)
    other = make_user()
    add_trainings(other, 1)
    services.remove_training(actor=other, training=course(other, 0))
    if user is None:
        response = client.get(HISTORY)
        assert response.status_code == 302
        assert response["Location"] == redirect_to_login(HISTORY)["Location"]
        return
    add_trainings(user, 1)
    client.force_login(user)
    lines = items(client.get(HISTORY).content.decode())
    assert lines == ["Added to the portfolio: training"]


def test_an_empty_history_says_what_will_show_there(client):
    client.force_login(make_user())
    html = client.get(HISTORY).content.decode()
    assert "Nothing has happened in your portfolio yet." in html


def test_the_history_reads_in_plain_words_newest_first(client):
    ana = make_user()
    add_trainings(ana, 1)
    services.remove_training(actor=ana, training=course(ana, 0))
    client.force_login(ana)
    content = json.dumps(trimmed(PERSONAS / "ana-imhs-ready.json")).encode()
    preview = client.post(
        "/portfolio/import/", {"portfolio": SimpleUploadedFile("p.json", content)}
    )
    key = re.search(r'name="key" value="([^"]+)"', preview.content.decode()).group(1)
    client.post("/portfolio/import/confirm/", {"key": key})
    lines = items(client.get(HISTORY).content.decode())
    assert lines[0].startswith("Imported a portfolio file:")
    assert lines[1:] == ["Removed from the portfolio: training", "Added to the portfolio: training"]


def test_fifty_a_page_newest_first(client):
    ana = make_user()
    add_trainings(ana, 60)
    services.remove_training(actor=ana, training=course(ana, 0))
    client.force_login(ana)
    first = client.get(HISTORY).content.decode()
    assert len(items(first)) == 50
    assert items(first)[0] == "Removed from the portfolio: training"
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    second = client.get(HISTORY, {"page": 2}).content.decode()
    assert len(items(second)) == 11
    assert "Page 2 of 2" in second


def test_the_spanish_page_reads_in_spanish(client):
    ana = make_user()
    add_trainings(ana, 1)
    client.force_login(ana)
    client.cookies["django_language"] = "es"
    html = client.get(HISTORY).content.decode()
    assert "Added to the portfolio" not in html
    assert len(items(html)) == 1


@pytest.mark.parametrize("events", [5, 200])
def test_the_history_costs_the_same_queries_at_5_and_200_events(
    client, django_assert_max_num_queries, events
):
    ana = make_user()
    add_trainings(ana, events)
    client.force_login(ana)
    with django_assert_max_num_queries(6):
        response = client.get(HISTORY)
    assert len(items(response.content.decode())) == min(events, 50)
