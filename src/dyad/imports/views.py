"""The association's imports, for its coordinators: upload -> dry run -> confirm, and the
history (docs/imports.md). Thin: `services` does the work; big files run in the worker and the
page polls itself with htmx while they do."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from dyad.associations.access import association_view
from dyad.associations.models import StaffMembership
from dyad.core.errors import DyadError
from dyad.core.uploads import limit_uploads

from . import endorsees, membership, services
from .forms import UploadForm
from .models import Import
from .plans import ACTIONS
from .reading import MAX_BYTES

COORDINATOR = StaffMembership.Role.COORDINATOR
HISTORY_PAGE = 25


def _history(association, page_number):
    rows = (
        Import.objects.filter(association=association)
        .defer("data", "report")
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    return Paginator(rows, HISTORY_PAGE).get_page(page_number)


@csrf_exempt  # only so the upload limit is in place before the body is read; checked below
def imports(request, slug):
    upload = limit_uploads(request, MAX_BYTES) if request.method == "POST" else None
    return _imports(request, slug, upload)


@csrf_protect
@association_view(COORDINATOR)
def _imports(request, association, upload):
    """The upload form and the history of imports (GET); an upload (POST) makes its dry run."""
    form = UploadForm()
    status = 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, too_large=upload.too_large)
        if form.is_valid():
            file = form.cleaned_data["file"]
            try:
                imp = services.start_import(
                    association=association,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    file_name=file.name,
                    data=file.read(MAX_BYTES + 1),
                )
            except DyadError as exc:
                form.add_error(exc.field if exc.field in form.fields else "file", exc.message)
            else:
                return redirect("imports:detail", slug=association.slug, pk=imp.pk)
        status = 400
    return render(
        request,
        "imports/index.html",
        {
            "association": association,
            "form": form,
            "page": _history(association, request.GET.get("page")),
        },
        status=status,
    )


def _import(association, pk) -> Import:
    return get_object_or_404(Import.objects.defer("data"), association=association, pk=pk)


@association_view(COORDINATOR)
def detail(request, association, pk):
    """The dry run (what would be created, updated, left alone; every error), the progress of a
    big file, or the outcome."""
    imp = _import(association, pk)
    report = imp.report or {}
    steps = report.get("steps", {})
    progress = imp.done
    if imp.state == Import.State.RUNNING:
        from django.core.cache import cache

        progress = cache.get(services.progress_key(imp.pk), 0)
    return render(
        request,
        "imports/detail.html",
        {
            "association": association,
            "imp": imp,
            "report": report,
            "sections": [
                (action, steps.get(action, []), imp.counts.get(_COUNT[action], 0))
                for action in ACTIONS
            ],
            "progress": progress,
            "shown": 100,
        },
    )


_COUNT = {"create": "created", "update": "updated", "unchanged": "unchanged"}


@require_POST
@association_view(COORDINATOR)
def confirm(request, association, pk):
    imp = _import(association, pk)
    try:
        imp = services.confirm_import(imp=imp, actor=request.user)
    except DyadError as exc:
        messages.error(request, exc.message)
    else:
        if imp.state == Import.State.DONE:
            messages.success(request, _("Import %(id)s is done.") % {"id": imp.pk})
    return redirect("imports:detail", slug=association.slug, pk=imp.pk)


@require_POST
@association_view(COORDINATOR)
def cancel(request, association, pk):
    imp = services.cancel_import(imp=_import(association, pk), actor=request.user)
    messages.info(request, _("Import %(id)s cancelled: nothing was saved.") % {"id": imp.pk})
    return redirect("imports:index", slug=association.slug)


EXAMPLES = {
    "endorsees": (
        endorsees.COLUMNS,
        [
            "IMH-0001,Ana Ruiz,ana@example.org,IMHS,,2023-05-01,2026-05-01,active,Wayne County, MI",
            "IMH-0002,Omar Haddad,omar@example.org,IFS,,2019-01-15,2022-01-15,lapsed,Kent County, MI",  # noqa: E501,
        ],
    ),
    "membership": (membership.COLUMNS, ["ana@example.org,2026-12-31"]),
}


@association_view(COORDINATOR)
def template(request, association, kind, fmt):
    """The downloadable template of a kind of import, in CSV or XLSX."""
    if kind not in EXAMPLES or fmt not in ("csv", "xlsx"):
        raise Http404
    columns, lines = EXAMPLES[kind]
    # the county holds a comma: the first len(columns) - 1 commas split, the rest is the county
    rows = [line.split(",", len(columns) - 1) for line in lines]
    name = f"dyad-{kind}-template.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(rows)
        body, content_type = out.getvalue().encode(), "text/csv; charset=utf-8"
    else:
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = kind
        sheet.append(list(columns))
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        body = out.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
