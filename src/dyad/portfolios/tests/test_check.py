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
    client, django_assert_max_num_queries
):
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
