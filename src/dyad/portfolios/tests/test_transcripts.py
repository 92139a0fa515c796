"""A person attaches transcripts to an education entry: only real PDF, PNG or JPEG files of at
most 10 MB are kept, each refused file gets its reason next to the field and leaves nothing
behind (no row, no file), and the files go when their entry or their person goes."""

from __future__ import annotations

import hashlib
import io
import struct
import uuid
import zlib
from datetime import date
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from django_scopes import scopes_disabled
from PIL import Image

from dyad.accounts.services import erase_person
from dyad.core.events import describe, history
from dyad.portfolios import services
from dyad.portfolios.models import Transcript
from dyad.portfolios.services import PortfolioError
from dyad.portfolios.transcript_services import add_transcript, remove_transcript
from dyad.portfolios.transcripts import MAX_BYTES, sample_pdf
from dyad.testing.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path) -> Path:
    """This test's own private files directory, so "nothing stored" can be seen on disk."""
    settings.DYAD_PRIVATE_FILES = tmp_path / "private"
    return settings.DYAD_PRIVATE_FILES


def stored_files(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file()] if directory.exists() else []


def png(width: int = 4, height: int = 3) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "JPEG")
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` pixels, with one tiny compressed row: a
    few dozen bytes on disk, billions of pixels were it decoded."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small JPEG whose frame header (SOF0) claims `width` x `height` pixels."""
    data = bytearray(jpeg())
    at = data.index(b"\xff\xc0") + 5  # marker, length (2), precision (1): then height, width
    data[at : at + 4] = struct.pack(">HH", height, width)
    return bytes(data)


def pdf_with(extra_catalog: bytes) -> bytes:
    """The sample PDF with more entries in its catalog (offsets are not fixed up: the reader
    repairs them, as readers do)."""
    data = sample_pdf("Transcript")
    return data.replace(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b" >>",
    )


def pdf_of_size(size: int) -> bytes:
    return sample_pdf("Transcript", size=size)


def pdf_with_object_stream(action: bytes) -> bytes:
    """A PDF 1.5 whose open action (object 6) is packed in a compressed object stream, listed by
    a cross-reference stream: no byte scan sees inside it, only a parser does."""
    packed = b"6 0 " + action
    body = zlib.compress(packed)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        4: b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\n"
        b"endstream" % (len(body), body),
    }
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}
    for number, text in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, text)
    offsets[5] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 0xFFFF)]
    rows += [struct.pack(">BIH", 1, offsets[n], 0) for n in range(1, 6)]
    rows.append(struct.pack(">BIH", 2, 4, 0))  # object 6: in object stream 4, at index 0
    table = b"".join(rows)
    out += b"5 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(
        table
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[5]
    return bytes(out)


def encrypted_pdf(user_password: str) -> bytes:
    """The sample PDF locked with AES-256: with an empty user password anyone opens it (only
    printing or copying is restricted), with another one nobody can without it."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf("Transcript"))))
    writer.encrypt(user_password, owner_password="registrar", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


GOOD = {
    "pdf": (sample_pdf("Transcript of records", "B.A. Psychology"), "application/pdf"),
    "png": (png(), "image/png"),
    "jpeg": (jpeg(), "image/jpeg"),
    "pdf locked against changes, opened without a password": (
        encrypted_pdf(""),
        "application/pdf",
    ),
    "pdf with an object stream": (
        pdf_with_object_stream(b"<< /S /GoTo /D [3 0 R /Fit] >>"),
        "application/pdf",
    ),
}

HOSTILE = {
    "html renamed .pdf": (
        "transcript.pdf",
        b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>",
        "not a PDF, PNG or JPEG",
    ),
    "svg renamed .png": (
        "picture.png",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "not a PDF, PNG or JPEG",
    ),
    "elf renamed .pdf": (
        "transcript.pdf",
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200,
        "not a PDF, PNG or JPEG",
    ),
    "windows program renamed .pdf": (
        "transcript.pdf",
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200 + b"PE\x00\x00",
        "not a PDF, PNG or JPEG",
    ),
    "empty": ("transcript.pdf", b"", "The file is empty."),
    "png declaring 50,000 x 50,000 px": (
        "scan.png",
        png_declaring(50_000, 50_000),
        "too large (more than 40 million pixels)",
    ),
    "png declaring 8,000 x 6,000 px": (
        "scan.png",
        png_declaring(8_000, 6_000),
        "too large (more than 40 million pixels)",
    ),
    "jpeg declaring 60,000 x 60,000 px": (
        "scan.jpg",
        jpeg_declaring(60_000, 60_000),
        "too large (more than 40 million pixels)",
    ),
    "pdf with /JavaScript": (
        "transcript.pdf",
        pdf_with(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        "scripts, attachments or actions",
    ),
    "pdf with the name spelt in escapes": (
        "transcript.pdf",
        pdf_with(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"),
        "scripts, attachments or actions",
    ),
    "pdf with /JavaScript packed in a compressed object stream": (
        "transcript.pdf",
        pdf_with_object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>"),
        "scripts, attachments or actions",
    ),
    "pdf that launches a program": (
        "transcript.pdf",
        pdf_with(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
        "scripts, attachments or actions",
    ),
    "pdf with an embedded file": (
        "transcript.pdf",
        pdf_with(b"/Names << /EmbeddedFiles << /Names [(a.exe) 9 0 R] >> >>"),
        "scripts, attachments or actions",
    ),
    "pdf that needs a password": (
        "transcript.pdf",
        encrypted_pdf("secret"),
        "protected by a password",
    ),
    "pdf cut short": ("transcript.pdf", sample_pdf("Transcript")[:300], "damaged"),
    "png with a broken checksum": (
        "scan.png",
        png()[:-5] + b"\x00\x00\x00\x00\x00",
        "damaged",
    ),
}


@pytest.fixture
def owner():
    return make_user(display_name="Ana Ruiz")


@pytest.fixture
def degree(owner):
    return services.add_education(
        owner=owner, actor=owner, level="bachelor", completed=date(2019, 6, 1), field="Psychology"
    )


def files_url(degree) -> str:
    return reverse("portfolios:transcripts", args=[degree.pk])


def upload(client, degree, name: str, data: bytes, **extra):
    return client.post(
        files_url(degree),
        {"file": _named(name, data), **extra},
    )


def _named(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # The browser's declared type says PDF whatever the content: it must not matter.
    return SimpleUploadedFile(name, data, content_type="application/pdf")


# -- what is kept -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", GOOD)
def test_a_real_pdf_png_or_jpeg_is_kept_with_its_detected_type_and_hash(
    client, owner, degree, storage_dir, kind
):
    data, content_type = GOOD[kind]
    client.force_login(owner)
    # The name says otherwise: the content decides.
    response = upload(client, degree, "my transcript.bin", data)
    assert response.status_code == 302
    row = Transcript.objects.get(education=degree)
    assert row.content_type == content_type
    assert row.size == len(data)
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert row.original_name == "my transcript.bin"
    [on_disk] = stored_files(storage_dir)
    assert on_disk.read_bytes() == data
    assert "transcript" not in on_disk.name  # a random stored name, never the person's
    page = client.get(files_url(degree)).content.decode()
    assert "my transcript.bin" in page
    assert "File added." in page


# -- what is refused ----------------------------------------------------------------------


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_file_gets_its_reason_next_to_the_field_and_nothing_is_stored(
    client, owner, degree, storage_dir, case
):
    name, data, reason = HOSTILE[case]
    client.force_login(owner)
    response = upload(client, degree, name, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="id_file-errors"' in text
    errors = text.split('id="id_file-errors"')[1].split("</div>")[0]
    assert reason in errors.replace("&#x27;", "'")
    assert not Transcript.objects.exists()
    assert stored_files(storage_dir) == []


def test_a_file_over_10_mb_is_dropped_as_it_arrives(client, owner, degree, storage_dir):
    client.force_login(owner)
    data = pdf_of_size(MAX_BYTES + 1)
    response = upload(client, degree, "big.pdf", data)
    assert response.status_code == 400
    assert "The file is larger than 10 MB." in response.content.decode()
    assert not Transcript.objects.exists()
    assert stored_files(storage_dir) == []


def test_a_file_of_exactly_10_mb_is_kept(client, owner, degree):
    client.force_login(owner)
    data = pdf_of_size(MAX_BYTES)
    response = upload(client, degree, "big.pdf", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Transcript.objects.get().size == MAX_BYTES


def test_no_file_chosen_says_so(client, owner, degree):
    client.force_login(owner)
    response = client.post(files_url(degree), {})
    assert response.status_code == 400
    assert "Choose a file to upload." in response.content.decode()


def test_a_path_in_the_name_never_reaches_the_disk_or_the_page(client, owner, degree, storage_dir):
    client.force_login(owner)
    response = upload(client, degree, "../../etc/passwd.pdf", sample_pdf("x"))
    assert response.status_code == 302
    row = Transcript.objects.get()
    assert row.original_name == "passwd.pdf"
    [on_disk] = stored_files(storage_dir)
    assert on_disk.parent == storage_dir / "transcripts"
    assert "passwd" not in row.file.name
    assert not (storage_dir.parent.parent / "etc").exists()


def test_the_service_refuses_a_name_with_folders_and_stores_nothing(owner, degree, storage_dir):
    """Pages hand over the last part of the name only (Django's parser); anything else calling
    the service with a path gets a refusal."""
    for name in ("../../etc/passwd.pdf", "C:\\Windows\\x.pdf", ".."):
        with pytest.raises(PortfolioError) as caught:
            add_transcript(education=degree, name=name, data=sample_pdf("x"), actor=owner)
        assert caught.value.field == "file"
        assert "folders" in caught.value.message
    assert not Transcript.objects.exists()
    assert stored_files(storage_dir) == []


def test_a_shown_name_loses_control_characters_and_leading_dots(owner, degree):
    row = add_transcript(
        education=degree, name="..\x00\x1bTrans\u202ecript.pdf", data=sample_pdf("x"), actor=owner
    )
    assert row.original_name == "Transcript.pdf"


def test_a_failure_after_the_file_is_written_leaves_no_file(
    owner, degree, storage_dir, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("dyad.portfolios.transcript_services.record_event", broken)
    with pytest.raises(RuntimeError):
        add_transcript(education=degree, name="t.pdf", data=sample_pdf("x"), actor=owner)
    assert not Transcript.objects.exists()
    assert stored_files(storage_dir) == []


# -- one row per request, and the person's history ----------------------------------------


def test_a_retried_upload_with_the_same_key_adds_one_file(client, owner, degree, storage_dir):
    client.force_login(owner)
    key = str(uuid.uuid4())
    for _ in range(2):
        assert upload(client, degree, "t.pdf", sample_pdf("x"), key=key).status_code == 302
    assert Transcript.objects.count() == 1
    assert len(stored_files(storage_dir)) == 1
    # a new form (a new key) adds another
    assert upload(client, degree, "t.pdf", sample_pdf("x")).status_code == 302
    assert Transcript.objects.count() == 2


def test_the_upload_form_carries_a_fresh_key(client, owner, degree):
    client.force_login(owner)
    first = client.get(files_url(degree)).context["form"].initial["key"]
    second = client.get(files_url(degree)).context["form"].initial["key"]
    assert first != second


def test_adding_and_removing_show_in_the_persons_history(client, owner, degree):
    client.force_login(owner)
    upload(client, degree, "t.pdf", sample_pdf("x"))
    row = Transcript.objects.get()
    client.post(reverse("portfolios:remove_transcript", args=[degree.pk, row.pk]))
    with scopes_disabled():
        texts = [describe(e) for e in history(row)]
    assert texts == [
        "Added a transcript to an education entry",
        "Removed a transcript from an education entry",
    ]
    page = client.get(reverse("portfolios:history")).content.decode()
    assert "Added a transcript to an education entry" in page
    assert "Removed a transcript from an education entry" in page


def test_an_entry_holds_at_most_twenty_files(owner, degree, storage_dir):
    for i in range(20):
        add_transcript(education=degree, name=f"{i}.pdf", data=sample_pdf(str(i)), actor=owner)
    with pytest.raises(PortfolioError, match="at most 20 files"):
        add_transcript(education=degree, name="21.pdf", data=sample_pdf("21"), actor=owner)
    assert len(stored_files(storage_dir)) == 20


def test_only_the_owner_adds_or_removes(owner, degree):
    other = make_user()
    with pytest.raises(PortfolioError):
        add_transcript(education=degree, name="t.pdf", data=sample_pdf("x"), actor=other)
    row = add_transcript(education=degree, name="t.pdf", data=sample_pdf("x"), actor=owner)
    with pytest.raises(PortfolioError):
        remove_transcript(transcript=row, actor=other)
    assert Transcript.objects.count() == 1


# -- the list, download and remove --------------------------------------------------------


def test_an_entry_without_files_says_what_to_do(client, owner, degree):
    client.force_login(owner)
    page = client.get(files_url(degree)).content.decode()
    assert "No files yet. Choose your transcript below and press Upload." in page
    assert 'enctype="multipart/form-data"' in page
    assert "novalidate" in page


def test_the_education_list_links_to_each_entrys_files(client, owner, degree):
    client.force_login(owner)
    page = client.get(reverse("portfolios:education_list")).content.decode()
    assert files_url(degree) in page


def test_the_owner_downloads_the_file_as_an_attachment_with_safe_headers(client, owner, degree):
    data = sample_pdf("Transcript")
    row = add_transcript(education=degree, name='Résumé "final".pdf', data=data, actor=owner)
    client.force_login(owner)
    response = client.get(reverse("portfolios:download_transcript", args=[degree.pk, row.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Resume _final.pdf"; '
        "filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_download_ends_in_the_extension_of_what_the_file_is(client, owner, degree):
    row = add_transcript(education=degree, name="scan.html", data=png(), actor=owner)
    client.force_login(owner)
    response = client.get(reverse("portfolios:download_transcript", args=[degree.pk, row.pk]))
    assert response["Content-Type"] == "image/png"
    assert 'filename="scan.html.png"' in response["Content-Disposition"]


def test_a_file_missing_from_the_disk_is_not_found_rather_than_an_error(
    client, owner, degree, storage_dir
):
    row = add_transcript(education=degree, name="t.pdf", data=sample_pdf("x"), actor=owner)
    (storage_dir / row.file.name).unlink()
    client.force_login(owner)
    url = reverse("portfolios:download_transcript", args=[degree.pk, row.pk])
    assert client.get(url).status_code == 404


def test_removing_a_file_asks_first_then_deletes_row_and_file(
    client, owner, degree, storage_dir, django_capture_on_commit_callbacks
):
    row = add_transcript(education=degree, name="t.pdf", data=sample_pdf("x"), actor=owner)
    client.force_login(owner)
    url = reverse("portfolios:remove_transcript", args=[degree.pk, row.pk])
    confirm = client.get(url)
    assert "Remove this file?" in confirm.content.decode()
    assert Transcript.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once it commits
        response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == files_url(degree)
    assert not Transcript.objects.exists()
    assert stored_files(storage_dir) == []
    # a second click finds nothing to remove
    assert client.post(url).status_code == 404


def test_a_rolled_back_removal_keeps_the_file(
    owner, degree, storage_dir, django_capture_on_commit_callbacks
):
    row = add_transcript(education=degree, name="t.pdf", data=sample_pdf("x"), actor=owner)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        remove_transcript(transcript=row, actor=owner)
        raise RuntimeError("something later failed")
    assert callbacks == []
    assert Transcript.objects.filter(pk=row.pk).exists()
    assert len(stored_files(storage_dir)) == 1


# -- files never outlive their entry or their person --------------------------------------


def test_removing_the_education_entry_removes_its_files(
    client, owner, degree, storage_dir, django_capture_on_commit_callbacks
):
    add_transcript(education=degree, name="a.pdf", data=sample_pdf("a"), actor=owner)
    add_transcript(education=degree, name="b.png", data=png(), actor=owner)
    assert len(stored_files(storage_dir)) == 2
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portfolios:delete_education", args=[degree.pk]))
    assert not Transcript.objects.exists()
    assert stored_files(storage_dir) == []


def test_erasing_the_person_removes_their_files(
    owner, degree, storage_dir, django_capture_on_commit_callbacks
):
    add_transcript(education=degree, name="a.pdf", data=sample_pdf("a"), actor=owner)
    other = make_user()
    theirs = services.add_education(owner=other, level="master", completed=date(2020, 1, 1))
    kept = add_transcript(education=theirs, name="b.pdf", data=sample_pdf("b"), actor=other)
    admin = make_user(is_alliance_admin=True)

    with django_capture_on_commit_callbacks(execute=True):
        erase_person(user=owner, actor=admin, reason="asked to be forgotten")

    assert list(Transcript.objects.all()) == [kept]
    assert stored_files(storage_dir) == [storage_dir / kept.file.name]


def test_the_demo_applicant_has_a_transcript_on_her_degree_once(settings, storage_dir):
    from django.core.management import call_command

    settings.DEMO = False
    call_command("demo")
    call_command("demo")
    row = Transcript.objects.get()
    assert row.owner.email == "ana.applicant@example.org"
    assert row.content_type == "application/pdf"
    assert row.original_name == "Transcript - Ana Ruiz.pdf"
    assert stored_files(storage_dir) == [storage_dir / row.file.name]


def test_uploading_is_rate_limited_per_account(client, owner, degree, settings):
    from django.core.cache import cache

    settings.DYAD_RATE_LIMITS = {"upload_transcript": {"address": "100/10m", "account": "2/10m"}}
    cache.clear()
    client.force_login(owner)
    answers = [upload(client, degree, "t.pdf", sample_pdf("x")).status_code for _ in range(3)]
    assert answers == [302, 302, 429]
    assert Transcript.objects.count() == 2
    # looking at the page is not counted
    assert client.get(files_url(degree)).status_code == 200
