"""docs/reports.md names every figure the reports make, by its file name."""

from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from dyad.reports import figures
from dyad.reports.views import alliance_figures

DOCS = Path(__file__).resolve().parents[4] / "docs" / "reports.md"


@pytest.mark.django_db
def test_the_reports_page_names_every_figure():
    with scopes_disabled():
        made = {f.slug for f in figures.dashboard(None)} | {f.slug for f in alliance_figures()}
    text = DOCS.read_text(encoding="utf-8")
    documented = {slug for slug in [*made, "counties"] if f"| `{slug}` |" in text}
    assert documented == made | {"counties"}
