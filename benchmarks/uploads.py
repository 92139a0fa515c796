"""Transcript uploads, in bare pages: "keeping a 9.5 MB scanned PDF costs K requests of a
trivial view on the same server".

A signed-in person POSTs to their education entry's files page (`portfolios:transcripts`) through
the whole middleware stack, in-process, against the same fresh in-memory SQLite as the pages
bench, with files written to a temporary directory. Two files of about the same size: a scanned
page, kept (its row and file are removed again after each request, inside the timing: a small
part of it), and the same page with JavaScript added, refused. A refused file must never cost
much more than a kept one (bad input never costs the server). Run alone with
`python benchmarks/uploads.py`; `make bench` runs it after the pages.
"""

from __future__ import annotations

import io
import logging
import random
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import pages
from measure import Figure, ratio_figure, table, verdict
from targets import UPLOADS as TARGETS

SCAN_BYTES = 9_500_000  # the picture in the scanned page: near the 10 MB limit


def scanned_pdf(javascript: bool = False) -> bytes:
    """A one-page PDF carrying a 9.5 MB binary stream, as a scanned page does (random bytes,
    the same each run); with `javascript`, its catalog also runs a script when opened."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    from dyad.portfolios.transcripts import sample_pdf

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(sample_pdf("Scanned transcript"))))
    picture = StreamObject()
    picture.set_data(random.Random(13).randbytes(SCAN_BYTES))
    picture[NameObject("/Type")] = NameObject("/XObject")
    writer._add_object(picture)
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    if javascript:
        data = data.replace(
            b"/Type /Catalog",
            b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
            1,
        )
    return data


def figures(repeats: int = 9) -> list[Figure]:
    from django.apps import apps

    if not apps.ready:  # `make bench` has set Django up for the pages already
        pages.setup_django()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # each refusal is a 400 by design
    from django.conf import settings
    from django.test import Client
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    from dyad.accounts.models import User
    from dyad.portfolios import services
    from dyad.portfolios.models import Transcript
    from dyad.portfolios.transcript_services import remove_transcript

    folder = tempfile.TemporaryDirectory()
    settings.DYAD_PRIVATE_FILES = Path(folder.name)
    # The bench measures the work of an upload, not the limit that stops a flood of them.
    settings.DYAD_RATE_LIMITS = {
        **settings.DYAD_RATE_LIMITS,
        "upload_transcript": {"address": "1000000/h", "account": "1000000/h"},
    }
    person = User.objects.create_user("bench-uploads@example.org", "bench-password-1")
    degree = services.add_education(owner=person, level="bachelor", completed=date(2019, 6, 1))
    client = Client()
    client.force_login(person)
    url = f"/portfolio/education/{degree.pk}/files/"

    def bare() -> object:
        response = client.get("/bench/bare")
        if response.status_code != 200:
            raise RuntimeError(f"GET /bench/bare: {response.status_code}")
        return response

    def post(data: bytes, kept: bool) -> Callable[[], object]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("transcript.pdf", data, content_type="application/pdf")
        body = encode_multipart(BOUNDARY, {"file": upload})

        def request() -> object:
            response = client.generic("POST", url, body, content_type=MULTIPART_CONTENT)
            if response.status_code != (302 if kept else 400):
                raise RuntimeError(f"POST {url}: {response.status_code}, kept={kept}")
            for row in Transcript.objects.filter(education=degree):
                remove_transcript(transcript=row)  # its file goes once this commits
            return None

        return request

    good, bad = scanned_pdf(), scanned_pdf(javascript=True)
    kept, refused = post(good, kept=True), post(bad, kept=False)
    for page in (bare, kept, refused):  # first requests load templates, modules, Pillow, pypdf
        for _ in range(3):
            page()
    results = []
    comparisons = {}
    size = f"{len(good) / 1e6:.1f} MB"
    for name, subject, target in (
        (f"POST transcript, scanned PDF kept ({size})", kept, "kept"),
        (f"POST transcript, the same with JavaScript, refused ({size})", refused, "refused"),
    ):
        figure, comparisons[target] = ratio_figure(
            name, bare, subject, "bare pages", TARGETS[target], repeats=repeats, budget=5
        )
        results.append(figure)
    results.append(
        Figure(
            "refused/kept, files of the same size",
            f"{comparisons['refused'].subject / comparisons['kept'].subject:.2f}x the time",
            comparisons["refused"].ratio / comparisons["kept"].ratio,
            "x",
            TARGETS["refused_vs_kept"],
        )
    )
    if list(Path(folder.name).rglob("*.pdf")):
        raise RuntimeError("the upload bench left files behind")
    folder.cleanup()
    return results


if __name__ == "__main__":
    results = figures()
    print(table(results))
    sys.exit(verdict(results))
