"""The certificate PDF: what it says, one page on Letter and A4, who may download it, and its
cache by content."""

import os
import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from django.utils import formats
from django_scopes import scopes_disabled

from dyad.credentials import certificate
from dyad.credentials.services import correct_endorsement, revoke_endorsement
from dyad.testing.factories import make_association, make_endorsement, make_user
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _poppler():
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs poppler-utils (pdftotext, pdfinfo) for the certificate tests")
        pytest.skip("no pdftotext: apt-get install -y poppler-utils")


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def pdf_info(pdf: bytes, tmp_path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


@pytest.fixture
def holder():
    return make_user(display_name="María José Hernández")


@pytest.fixture
def endorsement(holder):
    alpha = make_association("alpha", name="Alpha Association for Infant Mental Health")
    return make_endorsement(
        alpha,
        "María José Hernández",
        "IMHS",
        number="AL-IMHS-7",
        holder=holder,
        granted=date(2025, 3, 1),
        expires=date(2099, 3, 1),
    )


def download(client, number="AL-IMHS-7", **params):
    url = reverse("credentials:certificate", kwargs={"number": number})
    return client.get(url, params)


@pytest.mark.parametrize(("paper", "size"), [("letter", "(letter)"), ("a4", "(A4)")])
def test_the_certificate_says_who_what_when_and_where_to_check_on_one_page(
    client, holder, endorsement, tmp_path, paper, size
):
    client.force_login(holder)
    response = download(client, paper=paper)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    info = pdf_info(pdf, tmp_path)
    assert info["Pages"] == "1"
    assert size in info["Page size"]
    text = pdf_text(pdf, tmp_path)
    for words in [
        "Alpha Association for Infant Mental Health",
        "María José Hernández",
        "Infant Mental Health Specialist (IMHS)",
        "Infant Mental Health Endorsement® (IMH-E®)",
        f"Granted: {formats.date_format(date(2025, 3, 1), 'DATE_FORMAT')}",
        f"Valid until: {formats.date_format(date(2099, 3, 1), 'DATE_FORMAT')}",
        "Credential number: AL-IMHS-7",
        "/verify/AL-IMHS-7",
    ]:
        assert words in text


def test_the_qr_code_and_the_printed_address_point_at_the_site_address(settings, endorsement):
    settings.SITE_URL = "https://dyad.example.org/"
    assert certificate.verify_url(endorsement) == "https://dyad.example.org/verify/AL-IMHS-7"


def test_a_name_of_two_hundred_characters_still_fits_on_one_page(endorsement, tmp_path):
    name = ("Bartholomew-Alexandrina Wolfeschlegelsteinhausenbergerdorff de la Trinidad " * 3)[:200]
    with scopes_disabled():
        correct_endorsement(endorsement=endorsement, holder_name=name, reason="Full name")
        endorsement.refresh_from_db()
    for paper in certificate.PAPERS:
        pdf = certificate.certificate_pdf(endorsement, paper)
        assert pdf_info(pdf, tmp_path)["Pages"] == "1"
        assert "Wolfeschlegelsteinhausenbergerdorff" in pdf_text(pdf, tmp_path)


@pytest.mark.parametrize(
    ("accept", "paper"),
    [("en-US,en;q=0.9", "letter"), ("en-GB,en;q=0.9", "a4"), ("es-ES", "a4"), ("es-MX", "letter")],
)
def test_the_paper_follows_the_readers_language_unless_chosen(
    client, holder, endorsement, tmp_path, accept, paper
):
    client.force_login(holder)
    url = reverse("credentials:certificate", kwargs={"number": "AL-IMHS-7"})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=accept)
    assert f"AL-IMHS-7-{paper}.pdf" in response["Content-Disposition"]
    chosen = client.get(url, {"paper": "letter"}, HTTP_ACCEPT_LANGUAGE=accept)
    assert "AL-IMHS-7-letter.pdf" in chosen["Content-Disposition"]


def test_an_unchanged_certificate_comes_from_the_cache(client, holder, endorsement, monkeypatch):
    rendered = []
    real = certificate.render_pdf
    monkeypatch.setattr(certificate, "render_pdf", lambda c: rendered.append(c) or real(c))
    client.force_login(holder)
    first = download(client, paper="letter").content
    second = download(client, paper="letter").content
    assert first == second
    assert len(rendered) == 1


def test_a_correction_makes_a_new_certificate_with_the_new_name(
    client, holder, endorsement, tmp_path, monkeypatch
):
    rendered = []
    real = certificate.render_pdf
    monkeypatch.setattr(certificate, "render_pdf", lambda c: rendered.append(c) or real(c))
    client.force_login(holder)
    download(client, paper="letter")
    with scopes_disabled():
        correct_endorsement(
            endorsement=endorsement, holder_name="María José Hernández Ruiz", reason="Surname"
        )
    text = pdf_text(download(client, paper="letter").content, tmp_path)
    assert "María José Hernández Ruiz" in text
    assert len(rendered) == 2


def test_a_revoked_endorsement_has_no_certificate(client, holder, endorsement):
    with scopes_disabled():
        revoke_endorsement(endorsement=endorsement, reason="Error")
    client.force_login(holder)
    assert download(client).status_code == 404


def test_another_person_gets_404(client, endorsement):
    client.force_login(make_user())
    assert download(client).status_code == 404


def test_an_unknown_number_is_404(client, holder, endorsement):
    client.force_login(holder)
    assert download(client, number="AL-NOPE").status_code == 404


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_the_certificate_is_for_its_holder_and_the_granting_associations_staff(
    client, two_associations, who, role
):
    holder = two_associations["applicant"]
    make_endorsement(
        two_associations["alpha"]["association"], "Ana Holder", number="AL-9", holder=holder
    )
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = download(client, number="AL-9")
    allowed = who in ("alpha", "applicant")
    assert response.status_code == (200 if allowed else 404)
