"""The dashboard, the map and the downloads as a coordinator sees them; their query budget."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dyad.core.spreadsheets import safe_cell
from dyad.reports.views import report_cache
from dyad.testing.factories import make_endorsement

from .data import alpha_exams, alpha_history, application

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client, two_associations):
    alpha_history(two_associations["alpha"]["association"])
    client.force_login(two_associations["alpha"]["coordinator"])
    return client


@pytest.fixture
def with_exams(coordinator_client, two_associations):
    """The coordinator's client, with alpha's exam results too (data.alpha_exams)."""
    alpha_exams(two_associations["alpha"]["association"])
    return coordinator_client


def test_dashboard_shows_every_figure_with_chart_table_csv_and_links(with_exams):
    coordinator_client = with_exams
    page = coordinator_client.get(reverse("reports:dashboard", args=["alpha"])).content.decode()
    for title in (
        "Applications by state",
        "Who acts next on open applications",
        "Applications and endorsements per month",
        "Endorsements by category",
        "Renewals due",
        "Lapses per month",
        "Exam pass rates",
    ):
        assert title in page
    assert page.count('<svg class="report-chart"') == 7
    assert 'href="/a/alpha/applications/?state=in_review"' in page  # the list behind a row
    assert 'href="/a/alpha/reports/exams.csv"' in page
    assert 'href="/a/alpha/exams/scoring/?state=scored">All exam results</a>' in page
    assert 'href="/a/alpha/reports/report.xlsx"' in page


def test_each_figure_downloads_as_csv_and_the_report_as_csv_and_xlsx(with_exams):
    coordinator_client = with_exams
    csv = coordinator_client.get(reverse("reports:figure_csv", args=["alpha", "states"]))
    assert csv["Content-Type"] == "text/csv"
    assert csv.content.decode().splitlines()[:2] == [
        "State,Applications,Median days in the state,Who acts next",
        "started,1,3.5,the applicant",
    ]
    assert (
        coordinator_client.get(reverse("reports:figure_csv", args=["alpha", "nope"])).status_code
        == 404
    )
    whole = coordinator_client.get(reverse("reports:report_file", args=["alpha", "csv"]))
    assert "Exam pass rates" in whole.content.decode()
    assert "IMHS,60.0,3,2" in whole.content.decode().splitlines()
    xlsx = coordinator_client.get(reverse("reports:report_file", args=["alpha", "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert "Exam pass rates" in book.sheetnames
    sheet = book["Exam pass rates"]
    assert [c.value for c in sheet[2]] == ["IMHS", 60, 3, 2]
    assert (
        coordinator_client.get(reverse("reports:report_file", args=["alpha", "pdf"])).status_code
        == 404
    )


def test_the_map_page_draws_the_counties_with_a_table_beside(coordinator_client):
    page = coordinator_client.get(reverse("reports:map", args=["alpha"])).content.decode()
    assert page.count("<path ") == 83
    assert "<title>Wayne: 2</title>" in page
    behind = "/a/alpha/reports/endorsements/?county=Wayne+County&amp;in_force=1"
    assert f'<th scope="row"><a href="{behind}"' in page
    only = coordinator_client.get(reverse("reports:map", args=["alpha"]), {"category": "IFS"})
    assert "<title>Kent: 1</title>" in only.content.decode()
    assert "<title>Wayne: 0</title>" in only.content.decode()


def test_formula_like_text_is_quoted_in_csv_and_xlsx(coordinator_client, two_associations):
    alpha = two_associations["alpha"]["association"]
    make_endorsement(alpha, "X", "IMHS", county='=HYPERLINK("http://x","y")', state="MI")
    csv = coordinator_client.get(reverse("reports:map_csv", args=["alpha"])).content.decode()
    assert "'=HYPERLINK" in csv and "\n=HYPERLINK" not in csv
    xlsx = coordinator_client.get(reverse("reports:map_xlsx", args=["alpha"]))
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    cells = [
        c.value for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for c in row
    ]
    assert '\'=HYPERLINK("http://x","y")' in cells  # the same county, quoted, in the XLSX
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(text) == "'" + text
    assert safe_cell(-1) == -1 and safe_cell("Wayne") == "Wayne"


def _grow(association, n):
    for _ in range(n):
        application(association, "IFS", [("started", 9), ("submitted", 8), ("in_review", 3)])
        make_endorsement(association, "Someone", "IFS", county="Kent County", state="MI")


@pytest.mark.parametrize("size", [2, 25])
def test_dashboard_and_map_cost_a_fixed_number_of_queries(
    coordinator_client, two_associations, django_assert_max_num_queries, size
):
    _grow(two_associations["alpha"]["association"], size)
    for name in ("reports:dashboard", "reports:map"):
        report_cache().clear()
        # computed: sign-in (4), the association and role (2), the version (1), the figures (at
        # most 14), the cache read and writes (at most 11)
        with django_assert_max_num_queries(32):
            assert coordinator_client.get(reverse(name, args=["alpha"])).status_code == 200
        with django_assert_max_num_queries(9):  # cached until the next event
            assert coordinator_client.get(reverse(name, args=["alpha"])).status_code == 200


@pytest.mark.parametrize("size", [2, 25])
def test_the_alliance_report_costs_a_fixed_number_of_queries(
    client, two_associations, django_assert_max_num_queries, size
):
    _grow(two_associations["alpha"]["association"], size)
    _grow(two_associations["beta"]["association"], size)
    client.force_login(two_associations["alliance_admin"])
    report_cache().clear()
    with django_assert_max_num_queries(32):
        assert client.get(reverse("reports:alliance")).status_code == 200


def test_a_new_event_shows_on_the_next_visit(coordinator_client, two_associations):
    url = reverse("reports:figure_csv", args=["alpha", "ball"])
    assert "The reviewers,1" in coordinator_client.get(url).content.decode().splitlines()
    application(
        two_associations["alpha"]["association"],
        "IFS",
        [("started", 2), ("submitted", 1), ("in_review", 0)],
    )
    assert "The reviewers,2" in coordinator_client.get(url).content.decode().splitlines()


def _submitted(page: str) -> int:
    found = re.search(
        r'state=submitted">Submitted</a></th>\s*<td class="text-end">(\d+)</td>', page
    )
    return int(found.group(1))


def test_a_page_kept_whole_is_made_again_after_a_change(coordinator_client, two_associations):
    url = reverse("reports:dashboard", args=["alpha"])
    coordinator_client.get(url)  # the browser gets its CSRF cookie: from now on kept whole
    first = coordinator_client.get(url).content.decode()
    assert first == coordinator_client.get(url).content.decode()
    assert _submitted(first) == 0
    application(two_associations["alpha"]["association"], "IFS", [("started", 1), ("submitted", 0)])
    after = coordinator_client.get(url).content.decode()
    assert _submitted(after) == 1
    assert "csrfmiddlewaretoken" in after  # the header's forms still work
