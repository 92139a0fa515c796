"""Attaching a transcript in a real browser, at phone and desktop widths, with the accessibility
check on each page: from the education list to the entry's files, a refused file's reason next
to the field, the upload, the file listed, its download, and its removal."""

from datetime import date
from pathlib import Path

import pytest

from dyad.portfolios import services
from dyad.portfolios.models import Transcript
from dyad.portfolios.transcripts import sample_pdf
from dyad.testing.browser import ARTIFACTS
from dyad.testing.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.DYAD_PRIVATE_FILES = tmp_path / "private"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("device", WIDTHS)
def test_an_applicant_attaches_a_transcript_and_downloads_it(page, sign_in_as, axe_check, device):
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    person = make_user(display_name="Ana Ruiz")
    degree = services.add_education(
        owner=person, level="bachelor", completed=date(2019, 6, 1), field="Psychology"
    )
    sign_in_as(person)
    page.goto("/portfolio/education/")
    shot(page, f"education-list-{device}")
    page.locator(f'a[href="/portfolio/education/{degree.pk}/files/"]').click()
    page.wait_for_url(f"**/portfolio/education/{degree.pk}/files/")
    assert "No files yet." in page.inner_text("#main")
    shot(page, f"transcripts-empty-{device}")
    axe_check(page)

    # A web page renamed .pdf: refused, with the reason next to the field.
    page.locator("#id_file").set_input_files(
        {"name": "transcript.pdf", "mimeType": "application/pdf", "buffer": b"<html></html>"}
    )
    page.get_by_role("button", name="Upload").click()
    error = page.locator("#id_file-errors")
    error.wait_for()
    assert error.inner_text().startswith("transcript.pdf: This file is not a PDF, PNG or JPEG")
    assert page.locator("#id_file").get_attribute("aria-describedby") is not None
    assert not Transcript.objects.exists()
    shot(page, f"transcripts-refused-{device}")
    axe_check(page)

    data = sample_pdf("Transcript of records", "Ana Ruiz, B.A. Psychology")
    page.locator("#id_file").set_input_files(
        {"name": "Transcript Ruiz.pdf", "mimeType": "application/pdf", "buffer": data}
    )
    page.get_by_role("button", name="Upload").click()
    page.locator("#files li").first.wait_for()
    assert "File added." in page.inner_text(".messages")
    assert "Transcript Ruiz.pdf" in page.inner_text("#files")
    shot(page, f"transcripts-listed-{device}")
    axe_check(page)

    with page.expect_download() as caught:
        page.locator("#files a", has_text="Download").click()
    download = caught.value
    assert download.suggested_filename == "Transcript Ruiz.pdf"
    assert Path(download.path()).read_bytes() == data

    page.locator("#files a", has_text="Remove").click()
    page.get_by_role("button", name="Remove").click()
    page.wait_for_url(f"**/portfolio/education/{degree.pk}/files/")
    assert "File removed." in page.inner_text(".messages")
    assert not Transcript.objects.exists()
