"""Checking a portfolio file in the browser's form: the same engine as `dyad assess`."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dyad.standards.tests.builders import complete_imhs

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "example-portfolio.json"
pytestmark = pytest.mark.django_db


def upload(content: bytes, name="portfolio.json"):
    return SimpleUploadedFile(name, content, content_type="application/json")


def post(client, content: bytes, **fields):
    return client.post(reverse("portfolios:check"), {"portfolio": upload(content), **fields})


def test_the_page_explains_itself_and_asks_for_a_file(client):
    html = client.get(reverse("portfolios:check")).content.decode()
    assert "Which category does this portfolio qualify for?" in html
    assert 'type="file"' in html


def test_a_complete_portfolio_shows_every_category_with_reasons(
    client, django_assert_max_num_queries, settings
):
    # The page's own queries (the rate limit's counter lives in Redis in production).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with django_assert_max_num_queries(2):
        response = post(client, json.dumps(complete_imhs()).encode(), as_of="2026-06-30")
    html = response.content.decode()
    assert "Results for Test Person, as of 2026-06-30" in html
    assert "Eligible now:" in html and "IMHS" in html
    assert html.count('class="card mb-3"') == 13
    assert "30 IMH-specific training hours; 30 needed" in html


def test_one_standard_only(client):
    html = post(
        client, json.dumps(complete_imhs()).encode(), standard="ECMH-E", as_of="2026-06-30"
    ).content.decode()
    assert html.count('class="card mb-3"') == 6
    assert "ECMHS" in html and "IMHM-C ·" not in html


def test_the_contract_example_matches_the_command_line(client, capsys):
    from dyad.cli import main

    main(
        ["assess", str(EXAMPLE), "--category", "IMHS", "--as-of", "2026-06-30", "--format", "json"]
    )
    command_line = json.loads(capsys.readouterr().out)
    html = post(client, EXAMPLE.read_bytes(), as_of="2026-06-30").content.decode()
    for finding in command_line["findings"]:
        assert finding["message"].replace("'", "&#x27;") in html


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{oops", "is not valid JSON"),
        (
            json.dumps(
                {
                    "format": "dyad-portfolio/1",
                    "person": {"name": "A"},
                    "rsc": [
                        {"date": "2024-02-30", "minutes": 0, "format": "group", "provider": "x"}
                    ],
                }
            ).encode(),
            "/rsc/0/minutes: must be a positive whole number",
        ),
        (b"\xff\xfe", "is not UTF-8"),
    ],
)
def test_a_bad_file_is_explained_next_to_the_field(client, content, expected):
    response = post(client, content)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_portfolio-errors"' in html
    assert "The file cannot be assessed:" in html
    assert expected in html
    assert "Results for" not in html


def test_a_file_over_5_mb_is_refused(client):
    big = b'{"format": "dyad-portfolio/1", "person": {"name": "A"}}' + b" " * (5 * 1024 * 1024)
    html = post(client, big).content.decode()
    assert "larger than 5 MB" in html


def test_no_file_says_the_file_is_required(client):
    html = client.post(reverse("portfolios:check"), {}).content.decode()
    assert 'id="id_portfolio-errors"' in html
    assert "This field is required" in html


def test_a_bad_date_names_the_field(client):
    html = post(client, json.dumps(complete_imhs()).encode(), as_of="2026-13-40").content.decode()
    assert 'id="id_as_of-errors"' in html


def test_findings_are_named_as_people_name_them(client):
    html = post(client, EXAMPLE.read_bytes(), as_of="2026-06-30").content.decode()
    assert "<strong>RS/C received</strong>:" in html
    assert "<strong>Specialized training</strong>:" in html
    assert "rsc_received" not in html


def test_a_review_point_sits_with_the_finding_it_concerns(client):
    html = post(client, EXAMPLE.read_bytes(), as_of="2026-06-30").content.decode()
    work = html.index("<strong>Work experience</strong>: 81.9 counted months of IMH practice")
    point = html.index("For a reviewer to confirm: /work/0: relationship focus", work)
    assert point < html.index("<strong>Specialized training</strong>", work)


def test_the_spanish_page_shows_spanish_findings(client):
    client.cookies["django_language"] = "es"
    html = post(client, EXAMPLE.read_bytes(), as_of="2026-06-30").content.decode()
    assert "<strong>RS/C recibida</strong>:" in html
    assert "6 de 30 horas de formación específica en SMI; faltan 24" in html
    assert (
        "81,9 meses computados de práctica de SMI después del título de máster; se necesitan 24"
        in html
    )
    assert "IMH-specific training hours" not in html


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_an_assessment_date_out_of_range_is_explained_next_to_the_field(client, day):
    response = post(client, EXAMPLE.read_bytes(), as_of=day)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_as_of-errors"' in html
    assert "Choose a date from 1900-01-01 to 2199-12-31." in html


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b'{"format": "dyad-portfolio/1", "person": {"name": "\\ud800"}}',
            "/person/name: contains an unpaired surrogate",
        ),
        (
            b'{"format": "dyad-portfolio/1", "person": {"name": "A"}, "training": [{"title": "t", '
            b'"date": "2024-01-01", "imh_specific": true, "minutes": ' + b"9" * 5000 + b"}]}",
            "/training/0/minutes: must be a positive whole number",
        ),
        (
            b'{"format": "dyad-portfolio/1", "person": {"name": "A"}, "training": [{"title": "t", '
            b'"date": "9999-12-31", "imh_specific": true, "minutes": 60}]}',
            "/training/0/date: must be a date from 1900-01-01 to 2199-12-31",
        ),
    ],
)
def test_hostile_files_get_a_sentence_not_a_server_error(client, content, expected):
    response = post(client, content)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_a_huge_upload_is_dropped_as_it_arrives_never_written_to_disk(client, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # anything larger would go to a temporary file
    huge = b'{"format": "dyad-portfolio/1", "person": {"name": "A"}}' + b" " * (20 * 1024 * 1024)
    response = post(client, huge, as_of="2026-06-30")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_portfolio-errors"' in html
    assert "The file is larger than 5 MB." in html
    assert "This field is required" not in html
    assert list(tmp_path.iterdir()) == []


def test_the_form_still_needs_its_csrf_token():
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("portfolios:check"), {"portfolio": upload(b"{}")})
    assert response.status_code == 403


def test_a_bad_file_is_explained_in_spanish_on_the_spanish_page(client):
    client.cookies["django_language"] = "es"
    content = json.dumps(
        {"format": "dyad-portfolio/1", "person": {"name": "A"}, "training": [{"title": "t"}]}
    ).encode()
    html = post(client, content).content.decode()
    assert "/training/0/date: es obligatorio" in html
    assert "is required" not in html
