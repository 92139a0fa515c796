"""Importing a portfolio file into the signed-in person's own portfolio, with a preview first,
and the person's own history.

The import is two steps. The upload (`portfolios:import`, POST) reads the file through the one
reader and shows what would be added, saving nothing. The file that passed is kept in the
person's session under a fresh UUID, which the preview's confirm button posts back
(`portfolios:import_confirm`): the confirm never trusts content from the browser, and the same
UUID is the import's idempotency key, so a double click or a retried confirm adds once. Only the
latest previewed file is kept (a new upload replaces it) and it leaves the session once
imported. There is no id in any address: only ever the person's own portfolio.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dyad.core.events import describe
from dyad.core.ratelimit import rate_limit
from dyad.core.uploads import limit_uploads
from dyad.standards import PortfolioError as FileError
from dyad.standards.portfolio_file import MAX_BYTES

from .documents import import_document, preview_document
from .selectors import PortfolioHistoryPages
from .services import PortfolioError

#: the session entry holding the previewed file: {"key": uuid, "text": the file, or None once
#: imported}
PENDING = "portfolio-import"

#: what the file's parts are called on the page, in the order shown
ADDED_NAMES = {
    "education": _("Education"),
    "training": _("Training"),
    "work": _("Work experience"),
    "rsc_providers": pgettext_lazy("portfolio section", "RS/C providers"),
    "rsc": pgettext_lazy("portfolio section", "RS/C sessions"),
    "agreements": _("Agreements"),
    "membership": _("Membership"),
}
LEFT_OUT_NAMES = {
    "references": _("References"),
    "exams": _("Exams"),
    "endorsements": _("Endorsements held"),
}

HISTORY_PAGE_SIZE = 50


class ImportForm(forms.Form):
    """A portfolio file (dyad-portfolio/1) to add to one's own portfolio."""

    portfolio = forms.FileField(
        label=_("Portfolio file"),
        help_text=_("A dyad-portfolio/1 JSON file, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        if too_large:  # dropped as it arrived: say why, not "required"
            self.fields["portfolio"].required = False

    def clean_portfolio(self):
        upload = self.cleaned_data.get("portfolio")
        if self.too_large or (upload is not None and upload.size > MAX_BYTES):
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        data = upload.read(MAX_BYTES + 1)
        try:
            self.preview = preview_document(data)
        except FileError as exc:
            raise forms.ValidationError(
                [_("The file cannot be imported:"), *exc.lines(gettext)], code="invalid_portfolio"
            ) from None
        return data


def _rows(counts: dict[str, int], names: dict) -> list[dict]:
    return [{"name": names[k], "count": counts[k]} for k in names if counts.get(k)]


@csrf_exempt  # only so the upload limit is in place before the body is read; checked below
@login_required
@rate_limit("import_portfolio")
@require_http_methods(["GET", "POST"])
def import_portfolio(request):
    """The upload form (GET), and the preview of what the file adds (POST): nothing is saved."""
    upload = limit_uploads(request, MAX_BYTES) if request.method == "POST" else None
    return _import_portfolio(request, upload)


@csrf_protect
def _import_portfolio(request, upload):
    if upload is None:
        return render(request, "portfolios/import/upload.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES, too_large=upload.too_large)
    if not form.is_valid():
        return render(request, "portfolios/import/upload.html", {"form": form}, status=400)
    key = uuid.uuid4()
    # The reader accepted the file, so it is UTF-8 JSON: kept as text in the session.
    request.session[PENDING] = {
        "key": str(key),
        "text": form.cleaned_data["portfolio"].decode("utf-8"),
    }
    preview = form.preview
    return render(
        request,
        "portfolios/import/preview.html",
        {
            "key": key,
            "added": _rows(preview.added, ADDED_NAMES),
            "left_out": _rows(preview.left_out, LEFT_OUT_NAMES),
            "total": preview.total,
        },
    )


@require_POST
@login_required
def confirm_import(request):
    """Import the previewed file, in one transaction with its event; once per preview."""
    pending = request.session.get(PENDING) or {}
    try:
        key = uuid.UUID(request.POST.get("key", ""))
    except ValueError:
        key = None
    if key is None or pending.get("key") != str(key):
        messages.warning(request, gettext("That preview is no longer here: choose the file again."))
        return redirect("portfolios:import")
    if pending.get("text") is None:  # confirmed already: the first confirm's import stands
        messages.info(request, gettext("This file is already in your portfolio."))
        return redirect("portfolios:home")
    try:
        result = import_document(
            request.user, pending["text"].encode("utf-8"), actor=request.user, key=key
        )
    except (FileError, PortfolioError) as exc:
        form = ImportForm()
        problems = exc.lines(gettext) if isinstance(exc, FileError) else [str(exc)]
        form.errors["portfolio"] = form.error_class(
            [gettext("The file cannot be imported:"), *problems]
        )
        return render(request, "portfolios/import/upload.html", {"form": form}, status=400)
    request.session[PENDING] = {"key": str(key), "text": None}
    messages.success(
        request,
        ngettext(
            "Portfolio file imported: %(count)s entry added.",
            "Portfolio file imported: %(count)s entries added.",
            result.total,
        )
        % {"count": result.total},
    )
    return redirect("portfolios:home")


@require_GET
@login_required
def history(request):
    """The person's own portfolio events in plain words, newest first, 50 a page."""
    pages = Paginator(PortfolioHistoryPages(request.user), HISTORY_PAGE_SIZE)
    page = pages.get_page(request.GET.get("page"))
    rows = [{"event": e, "text": describe(e)} for e in page.object_list]
    return render(request, "portfolios/import/history.html", {"page": page, "rows": rows})
