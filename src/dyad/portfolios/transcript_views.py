"""The transcripts of an education entry: the list with download and remove, and the upload form.

Signed-in only, and only the person's own: the education entry and its files are looked up with
`owner=` the signed-in person, so another person's ids are a 404 on every method; a visitor is
sent to sign in. The entry is found before the request's body is read, and the upload is held to
10 MB as it streams in (`uploads.limit_uploads`): a larger file is dropped unread. Every write is
a `transcript_services` verb; a refused file's reason shows next to the file field.

A download is an attachment (never shown in the page: a file cannot run as part of Dyad), with a
plain ASCII name and the exact UTF-8 name, the type found in the content, `nosniff`, and no
caching anywhere but the person's own browser session.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from dyad.core.ratelimit import rate_limit
from dyad.core.uploads import limit_uploads

from .entry_forms import LEVEL_NAMES
from .forms import DocumentForm
from .models import Education, Transcript
from .services import PortfolioError
from .transcript_services import add_transcript, remove_transcript
from .transcripts import MAX_BYTES, content_disposition, download_name, safe_name


class TranscriptForm(DocumentForm):
    """One transcript file to attach to an education entry."""


def _education(request, pk: int) -> Education:
    education = get_object_or_404(Education, owner=request.user, pk=pk)
    education.level_name = LEVEL_NAMES.get(education.level, education.level)
    return education


def _transcript(request, pk: int, transcript: int) -> Transcript:
    return get_object_or_404(
        Transcript.objects.select_related("education"),
        owner=request.user,
        education_id=pk,
        pk=transcript,
    )


@csrf_exempt  # only so the upload limit is in place before the body is read; checked below
@login_required
@rate_limit("upload_transcript")
@require_http_methods(["GET", "POST"])
def transcripts(request, pk: int):
    """The entry's files and the upload form (GET); an upload (POST), then back to the list."""
    education = _education(request, pk)  # a 404 before anything of the body is read
    upload = limit_uploads(request, MAX_BYTES) if request.method == "POST" else None
    return _transcripts(request, education, upload)


@csrf_protect
def _transcripts(request, education: Education, upload):
    status = 200
    if upload is None:
        form = TranscriptForm()
    else:
        form = TranscriptForm(request.POST, request.FILES, too_large=upload.too_large)
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                add_transcript(
                    education=education,
                    name=file.name,
                    data=file.read(MAX_BYTES + 1),
                    actor=request.user,
                    key=form.cleaned_data["key"] or uuid.uuid4(),
                )
            except PortfolioError as exc:
                # The browser empties the file field: say which file was refused.
                form.add_error(
                    "file",
                    _("%(name)s: %(reason)s")
                    % {"name": safe_name(file.name), "reason": exc.message},
                )
            else:
                messages.success(request, _("File added."))
                return redirect("portfolios:transcripts", pk=education.pk)
        status = 400
    files = list(education.transcripts.all())
    return render(
        request,
        "portfolios/transcripts/page.html",
        {"education": education, "files": files, "form": form},
        status=status,
    )


@never_cache
@login_required
@require_GET
def download_transcript(request, pk: int, transcript: int):
    return file_response(_transcript(request, pk, transcript))


def file_response(row) -> FileResponse:
    """A transcript as an attachment: its detected type, a safe name, never sniffed (the caller
    checked who may have it, and marks the response never cached)."""
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=row.content_type)
    response["Content-Disposition"] = content_disposition(
        download_name(row.original_name, row.content_type)
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def remove_transcript_view(request, pk: int, transcript: int):
    """A confirmation (GET); the removal (POST), then back to the entry's files."""
    row = _transcript(request, pk, transcript)
    error = None
    if request.method == "POST":
        try:
            remove_transcript(transcript=row, actor=request.user)
        except PortfolioError as exc:
            error = exc.message
        else:
            messages.success(request, _("File removed."))
            return redirect("portfolios:transcripts", pk=pk)
    education = row.education
    education.level_name = LEVEL_NAMES.get(education.level, education.level)
    return render(
        request,
        "portfolios/transcripts/confirm_remove.html",
        {"education": education, "file": row, "error": error},
    )
