"""Importing a portfolio file through the page: a preview that saves nothing, a confirm that adds
once, a bad file explained by JSON pointer in the reader's language, only ever one's own
portfolio; and every persona imports to a home page that agrees with `dyad assess`."""

import contextlib
import io
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dyad import cli
from dyad.portfolios import services
from dyad.portfolios.home_views import APPLICATION_RULES
from dyad.portfolios.models import ENTRY_MODELS, Education, RscSession, Training
from dyad.portfolios.selectors import portfolio_history
from dyad.portfolios.tests.test_documents import PERSONA_FILES, PERSONAS, trimmed
from dyad.standards.codes import CATEGORIES
from dyad.testing.factories import make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db

IMPORT = "/portfolio/import/"
CONFIRM = "/portfolio/import/confirm/"
EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "example-portfolio.json"


def upload(content: bytes, name: str = "portfolio.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/json")


def preview(client, content: bytes):
    return client.post(IMPORT, {"portfolio": upload(content)})


def key_of(response) -> str:
    match = re.search(r'name="key" value="([0-9a-f-]{36})"', response.content.decode())
    assert match, "the preview has a confirm button carrying its key"
    return match.group(1)


def entries(owner) -> int:
    return sum(model.objects.filter(owner=owner).count() for model in ENTRY_MODELS)


def test_the_urls_are_named():
    assert reverse("portfolios:import") == IMPORT
    assert reverse("portfolios:import_confirm") == CONFIRM


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_each_visitor_imports_only_into_their_own_portfolio(client, two_associations, who, role):
    user = visitor(two_associations, who, role)
    content = json.dumps(trimmed(PERSONAS / "ana-imhs-ready.json")).encode()
    if user is None:
        for response in (client.get(IMPORT), preview(client, content)):
            assert response.status_code == 302
            assert response["Location"] == redirect_to_login(IMPORT)["Location"]
        response = client.post(CONFIRM, {"key": "00000000-0000-0000-0000-000000000000"})
        assert response["Location"] == redirect_to_login(CONFIRM)["Location"]
        assert not Training.objects.exists()
        return
    other = make_user()
    client.force_login(user)
    key = key_of(preview(client, content))
    # Someone else, signed in, posting this preview's key imports nothing anywhere: the file
    # lives in the previewing person's session, not in the address or the form.
    stranger = Client()
    stranger.force_login(other)
    response = stranger.post(CONFIRM, {"key": key})
    assert response["Location"] == IMPORT
    assert entries(other) == 0 and entries(user) == 0
    assert "What the file adds" not in stranger.get(IMPORT).content.decode()
    client.post(CONFIRM, {"key": key})
    assert entries(user) > 0 and entries(other) == 0


def test_the_preview_lists_what_the_file_adds_and_what_it_leaves_out_and_saves_nothing(client):
    ana = make_user()
    client.force_login(ana)
    document = json.loads((PERSONAS / "ana-imhs-ready.json").read_text())
    response = preview(client, json.dumps(document).encode())
    html = response.content.decode()
    assert response.status_code == 200
    assert "What the file adds" in html
    training = re.search(r"Training</th><td[^>]*>(\d+)</td>", html)
    assert training and int(training.group(1)) == len(document["training"])
    left_out = html[html.index('id="import-left-out"') :]
    assert f"References: {len(document['references'])}" in left_out
    assert entries(ana) == 0
    assert portfolio_history(ana) == []


def test_confirm_imports_in_one_event_and_a_second_confirm_adds_nothing(client):
    ana = make_user()
    client.force_login(ana)
    document = trimmed(PERSONAS / "ana-imhs-ready.json")
    key = key_of(preview(client, json.dumps(document).encode()))
    response = client.post(CONFIRM, {"key": key}, follow=True)
    assert response.redirect_chain[-1][0] == "/portfolio/"
    total = entries(ana)
    assert total > 0
    assert Training.objects.filter(owner=ana).count() == len(document["training"])
    assert f"Portfolio file imported: {total} entries added." in response.content.decode()
    again = client.post(CONFIRM, {"key": key}, follow=True)
    assert "This file is already in your portfolio." in again.content.decode()
    assert entries(ana) == total
    assert [e.verb for e in portfolio_history(ana)] == ["portfolio.imported"]


def test_a_confirm_without_a_preview_adds_nothing(client):
    ana = make_user()
    client.force_login(ana)
    response = client.post(CONFIRM, {"key": "not a key"}, follow=True)
    assert "That preview is no longer here" in response.content.decode()
    assert entries(ana) == 0


def test_a_bad_file_shows_its_problems_by_pointer_next_to_the_field_and_saves_nothing(client):
    ana = make_user()
    client.force_login(ana)
    document = trimmed(PERSONA_FILES[0])
    document["training"][0]["minutes"] = 0
    response = preview(client, json.dumps(document).encode())
    html = response.content.decode()
    assert response.status_code == 400
    errors = html[html.index('id="id_portfolio-errors"') :]
    assert "The file cannot be imported:" in errors
    assert "/training/0/minutes: must be a positive whole number" in errors
    assert 'name="key"' not in html
    assert entries(ana) == 0


def test_a_bad_file_is_explained_in_spanish_on_the_spanish_page(client):
    ana = make_user()
    client.force_login(ana)
    client.cookies["django_language"] = "es"
    content = json.dumps(
        {"format": "dyad-portfolio/1", "person": {"name": "A"}, "training": [{"title": "t"}]}
    ).encode()
    html = preview(client, content).content.decode()
    assert "/training/0/date: es obligatorio" in html
    assert "is required" not in html
    assert entries(ana) == 0


def test_a_file_that_is_not_json_is_refused(client):
    ana = make_user()
    client.force_login(ana)
    response = preview(client, b"\x89PNG\r\n\x1a\n not a portfolio")
    assert response.status_code == 400
    assert "The file cannot be imported:" in response.content.decode()
    assert entries(ana) == 0


def test_a_file_over_5_mb_is_dropped_as_it_arrives(client):
    ana = make_user()
    client.force_login(ana)
    response = preview(client, b" " * (5 * 1024 * 1024 + 10))
    assert response.status_code == 400
    assert "The file is larger than 5 MB." in response.content.decode()


def test_the_upload_is_protected_against_cross_site_posts():
    ana = make_user()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    content = json.dumps(trimmed(PERSONAS / "ana-imhs-ready.json")).encode()
    assert strict.post(IMPORT, {"portfolio": upload(content)}).status_code == 403
    assert strict.post(CONFIRM, {"key": "x"}).status_code == 403


def test_the_home_page_and_the_nav_lead_to_the_import(client):
    ana = make_user()
    client.force_login(ana)
    assert f'href="{IMPORT}"' in client.get("/portfolio/").content.decode()
    assert f'href="{IMPORT}"' in client.get("/portfolio/training/").content.decode()


def test_the_example_file_imports(client):
    ana = make_user()
    client.force_login(ana)
    key = key_of(preview(client, EXAMPLE.read_bytes()))
    client.post(CONFIRM, {"key": key})
    assert Education.objects.filter(owner=ana).exists()
    assert RscSession.objects.filter(owner=ana).exists()


def assess(path: Path, category: str, as_of: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(
            ["assess", str(path), "--category", category, "--as-of", as_of, "--format", "json"]
        )
    assert code == 0
    return json.loads(out.getvalue())


def page_statuses(html: str) -> dict[str, str]:
    """Each category's status on the home page's tables at a glance."""
    found = re.findall(
        r'<a href="#cat-([A-Z-]+)">[^<]*</a></th>\s*<td><span class="badge [^"]*">([^<]+)</span>',
        html,
    )
    return dict(found)


@pytest.mark.parametrize("path", PERSONA_FILES, ids=lambda p: p.stem)
def test_every_persona_imports_and_the_home_page_agrees_with_dyad_assess(client, path, tmp_path):
    person = make_user()
    client.force_login(person)
    document = trimmed(path)
    content = json.dumps(document).encode()
    client.post(CONFIRM, {"key": key_of(preview(client, content))})
    file = tmp_path / path.name
    file.write_bytes(content)
    statuses = page_statuses(client.get("/portfolio/").content.decode())
    assert set(statuses) == set(CATEGORIES)
    today = timezone.localdate().isoformat()
    for category in CATEGORIES:
        printed = assess(file, category, today)
        portfolio_met = all(
            f["status"] == "met" for f in printed["findings"] if f["rule"] not in APPLICATION_RULES
        )
        shown = statuses[category]
        if printed["status"] == "eligible":
            assert shown == "eligible", category
        elif portfolio_met:
            assert shown == "ready to apply", category
        else:
            assert shown in ("on track", "not yet"), category


def test_a_confirm_that_would_overfill_the_portfolio_says_so_and_saves_nothing(client, monkeypatch):
    ana = make_user()
    client.force_login(ana)
    document = trimmed(PERSONAS / "gia-three-providers.json")
    key = key_of(preview(client, json.dumps(document).encode()))
    monkeypatch.setitem(services.MAX_ENTRIES, Training, len(document["training"]) - 1)
    response = client.post(CONFIRM, {"key": key})
    html = response.content.decode()
    assert response.status_code == 400
    errors = html[html.index('id="id_portfolio-errors"') :]
    assert "a portfolio holds at most" in errors
    assert entries(ana) == 0
    assert portfolio_history(ana) == []


def test_importing_is_rate_limited_per_account(client, settings):
    from django.core.cache import cache

    from dyad.testing.factories import make_user

    settings.DYAD_RATE_LIMITS = {"import_portfolio": {"address": "100/10m", "account": "2/10m"}}
    cache.clear()
    client.force_login(make_user())
    url = reverse("portfolios:import")
    answers = [client.post(url, {}).status_code for _ in range(3)]
    assert 429 not in answers[:2]
    assert answers[2] == 429
