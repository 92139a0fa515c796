"""The pages that add, change and remove a person's portfolio entries.

Signed-in only, and only ever the person's own rows: every row is looked up with `owner=` the
signed-in person, so another person's id is a 404 (on GET and POST alike). Each kind of entry
has a list, a "new" form, an edit form and a delete confirmation (the delete itself is a POST);
every write goes through a `services` verb, whose `PortfolioError` is shown next to the field it
names, with everything typed kept.

Every form also works through htmx without a full reload: a save answers an htmx request with
`HX-Location` (the page the plain flow redirects to, its `#main` swapped in and the address
pushed to the history), and a form with an error comes back in place, the error next to its field.
The list pages, agreements and membership show the "Where you stand" panel (`standing_panel`).
Drafts of new and edit forms are kept in the session as the person types (`save_draft`), and in
the browser's storage by dyad.js (`data-draft` on the form) for when the connection is lost.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseLocation

from . import services
from .entry_forms import (
    KIND_NAMES,
    LEVEL_NAMES,
    EducationForm,
    MembershipForm,
    TrainingForm,
    WorkExperienceForm,
)
from .models import (
    Agreement,
    Education,
    Membership,
    RscProvider,
    RscSession,
    Training,
    WorkExperience,
)
from .rsc_forms import RscProviderForm, RscScheduleForm, RscSessionForm
from .services import PortfolioError
from .standing_panel import where_you_stand


@dataclass(frozen=True)
class Kind:
    """One kind of entry and its pages."""

    slug: str  # url names: `new_<slug>`, `<slug>_list`, `edit_<slug>`, `delete_<slug>`
    model: type
    form: type
    add: Any
    change: Any
    remove: Any
    arg: str  # the keyword the change/remove verbs take the row as
    title: Any  # the list's heading
    new_title: Any
    edit_title: Any
    added: Any  # the message after saving
    changed: Any
    removed: Any
    related: tuple[str, ...] = ()

    def rows(self, owner):
        return self.model.objects.filter(owner=owner).select_related(*self.related)


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind(
            "training",
            Training,
            TrainingForm,
            services.add_training,
            services.change_training,
            services.remove_training,
            "training",
            _("Training"),
            _("Add training"),
            _("Change training"),
            _("Training added."),
            _("Training saved."),
            _("Training removed."),
        ),
        Kind(
            "work",
            WorkExperience,
            WorkExperienceForm,
            services.add_work_experience,
            services.change_work_experience,
            services.remove_work_experience,
            "work",
            _("Work experience"),
            _("Add work experience"),
            _("Change work experience"),
            _("Work experience added."),
            _("Work experience saved."),
            _("Work experience removed."),
        ),
        Kind(
            "rsc_session",
            RscSession,
            RscSessionForm,
            services.add_rsc_session,
            services.change_rsc_session,
            services.remove_rsc_session,
            "session",
            pgettext_lazy("portfolio section", "RS/C sessions"),
            _("Log an RS/C session"),
            _("Change an RS/C session"),
            _("RS/C session added."),
            _("RS/C session saved."),
            _("RS/C session removed."),
            related=("provider__user", "work"),
        ),
        Kind(
            "provider",
            RscProvider,
            RscProviderForm,
            services.add_rsc_provider,
            services.change_rsc_provider,
            services.remove_rsc_provider,
            "provider",
            pgettext_lazy("portfolio section", "RS/C providers"),
            _("Add an RS/C provider"),
            _("Change an RS/C provider"),
            _("Provider added."),
            _("Provider saved."),
            _("Provider removed."),
            related=("user",),
        ),
        Kind(
            "education",
            Education,
            EducationForm,
            services.add_education,
            services.change_education,
            services.remove_education,
            "education",
            _("Education"),
            _("Add education"),
            _("Change education"),
            _("Education added."),
            _("Education saved."),
            _("Education removed."),
        ),
    )
}


def _done(request, to: str):
    """After a save: a redirect to `to`, or for htmx the same page swapped in without a reload
    (its `#main` into `#main`, the address pushed to the history)."""
    if request.htmx:
        return HttpResponseLocation(to, target="#main", select="#main", swap="outerHTML")
    return redirect(to)


def _own(kind: Kind, request, pk: int):
    return get_object_or_404(kind.rows(request.user), pk=pk)


def _apply_error(form, exc: PortfolioError) -> None:
    form.add_error(form.error_field(exc.field), exc.message)


def _save(kind: Kind, request, form, row=None):
    """Add or change through the service; True when saved, else the error is on the form."""
    fields = form.entry_fields()
    try:
        with transaction.atomic():
            if row is None:
                row = kind.add(
                    owner=request.user, actor=request.user, key=form.cleaned_data["key"], **fields
                )
            else:
                row = kind.change(**{kind.arg: row}, actor=request.user, **fields)
            if kind.slug == "provider" and (stated := form.stated_endorsement()):
                # A retried request (or the same endorsement sent twice) states it once: the
                # provider's row lock orders two copies of the request, the second sees the first.
                RscProvider.objects.select_for_update().get(pk=row.pk)
                if not row.stated_endorsements.filter(**stated).exists():
                    services.add_stated_endorsement(provider=row, actor=request.user, **stated)
    except PortfolioError as exc:
        _apply_error(form, exc)
        return False
    return True


@login_required
def entry_list(request, kind: str):
    k = KINDS[kind]
    rows = k.rows(request.user).order_by(*_order(k))
    if k.slug == "provider":
        rows = rows.prefetch_related("stated_endorsements")
    rows = [_decorate(row) for row in rows]
    return render(
        request,
        "portfolios/entries/list.html",
        {
            "kind": k,
            "rows": rows,
            "row_template": f"portfolios/entries/_{k.slug}_row.html",
            "panel": where_you_stand(request.user, k.slug),
        },
    )


def _decorate(row):
    """Words for codes, and durations in hours and minutes, for the row templates."""
    if isinstance(row, Training):
        row.hours, row.rest = divmod(row.minutes, 60)
    elif isinstance(row, WorkExperience):
        row.kind_name = KIND_NAMES.get(row.kind, row.kind)
    elif isinstance(row, Education):
        row.level_name = LEVEL_NAMES.get(row.level, row.level)
    elif isinstance(row, RscSession) and row.work is not None:
        row.work.kind_name = KIND_NAMES.get(row.work.kind, row.work.kind)
    return row


def _order(kind: Kind) -> tuple[str, ...]:
    for name in ("date", "start", "completed"):
        if any(f.name == name for f in kind.model._meta.fields):
            return (f"-{name}", "-id")
    return ("id",)


def _draft_name(kind: str, pk: int | None = None) -> str:
    return f"portfolio-draft:{kind}" if pk is None else f"portfolio-draft:{kind}:{pk}"


def _draft_context(request, kind: str, form, draft, row=None) -> dict:
    """What dyad.js needs to keep a copy of the form in the browser (`data-draft`): a key per
    person, kind and entry; when the server's draft was typed (the browser's clock, sent with
    it), so an older copy on this device never replaces a newer one; and the saved entry's
    state, so a copy typed over an entry since changed elsewhere is not brought back."""
    pk = row.pk if row is not None else None
    if row is None:
        base = "new"
    else:
        saved = json.dumps(form.initial_from(row), default=str, sort_keys=True)
        base = hashlib.sha256(saved.encode()).hexdigest()[:16]
    return {
        "local": f"dyad-draft:{request.user.pk}:{kind}:{pk or 'new'}",
        "at": request.session.get(_draft_name(kind, pk) + ":at", 0) if draft else 0,
        "base": base,
        "bound": form.is_bound,
        "server": bool(draft),
        "post": reverse(f"portfolios:draft_{kind}")
        if pk is None
        else reverse(f"portfolios:draft_edit_{kind}", args=[pk]),
    }


def _drop_draft(request, kind: str, pk: int | None = None) -> None:
    request.session.pop(_draft_name(kind, pk), None)
    request.session.pop(_draft_name(kind, pk) + ":at", None)


@login_required
@require_http_methods(["POST"])
def save_draft(request, kind: str, pk: int | None = None):
    """Keep what the person is typing in a new or an edit form (htmx, debounced, in their own
    session), so a reload or a lost connection does not lose it. Answers 204: nothing to swap."""
    k = KINDS[kind]
    if pk is not None:
        _own(k, request, pk)  # another person's entry is a 404
    request.session[_draft_name(kind, pk)] = k.form.draft_from(request.POST)
    try:
        at = int(request.POST.get("draft_at", ""))
    except ValueError:
        at = 0
    request.session[_draft_name(kind, pk) + ":at"] = max(at, 0)
    return HttpResponse(status=204)


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request, kind: str):
    k = KINDS[kind]
    draft = None
    if request.method == "POST":
        form = k.form(request.POST, owner=request.user)
        if form.is_valid():
            if form.cleaned_data.get("key") is None:
                form.cleaned_data["key"] = uuid.uuid4()
            if _save(k, request, form):
                _drop_draft(request, kind)
                messages.success(request, k.added)
                return _done(request, reverse(f"portfolios:{k.slug}_list"))
    else:
        if "fresh" in request.GET:
            _drop_draft(request, kind)
        draft = request.session.get(_draft_name(kind))
        form = k.form(owner=request.user, initial=draft) if draft else k.form(owner=request.user)
    return render(
        request,
        "portfolios/entries/form.html",
        {
            "kind": k,
            "form": form,
            "title": k.new_title,
            "draft": bool(draft),
            "drafts": _draft_context(request, kind, form, draft),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, kind: str, pk: int):
    k = KINDS[kind]
    row = _own(k, request, pk)
    draft = None
    if request.method == "POST":
        form = k.form(request.POST, owner=request.user, instance=row)
        if form.is_valid() and _save(k, request, form, row):
            _drop_draft(request, kind, row.pk)
            messages.success(request, k.changed)
            return _done(request, reverse(f"portfolios:{k.slug}_list"))
    else:
        if "fresh" in request.GET:
            _drop_draft(request, kind, row.pk)
        draft = request.session.get(_draft_name(kind, row.pk))
        if draft:
            form = k.form(owner=request.user, instance=row, initial=draft)
        else:
            form = k.form(owner=request.user, instance=row)
    return render(
        request,
        "portfolios/entries/form.html",
        {
            "kind": k,
            "form": form,
            "title": k.edit_title,
            "row": row,
            "draft": bool(draft),
            "drafts": _draft_context(request, kind, form, draft, row),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request, kind: str, pk: int):
    k = KINDS[kind]
    row = _own(k, request, pk)
    error = None
    if request.method == "POST":
        try:
            k.remove(**{k.arg: row}, actor=request.user)
        except PortfolioError as exc:
            error = exc.message
        else:
            _drop_draft(request, kind, pk)
            messages.success(request, k.removed)
            return _done(request, reverse(f"portfolios:{k.slug}_list"))
    return render(
        request,
        "portfolios/entries/confirm_delete.html",
        {"kind": k, "row": _decorate(row), "error": error},
    )


@login_required
@require_http_methods(["POST"])
def stated_endorsement_delete(request, pk: int, endorsement: int):
    provider = _own(KINDS["provider"], request, pk)
    stated = provider.stated_endorsements.filter(pk=endorsement).first()
    if stated is None:
        raise Http404
    services.remove_stated_endorsement(endorsement=stated, actor=request.user)
    messages.success(request, _("Endorsement removed."))
    return _done(request, reverse("portfolios:edit_provider", args=[provider.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def rsc_schedule(request):
    """Add a weekly run of RS/C sessions: the first POST previews the dates, the second (with
    `confirm`) adds them all in one transaction or none. Each session's key comes from the form's
    key and its date, so a retried save adds each session once."""
    preview = None
    if request.method == "POST":
        form = RscScheduleForm(request.POST, owner=request.user)
        if form.is_valid():
            key = form.cleaned_data["key"] or uuid.uuid4()
            days = form.dates()
            if "confirm" not in request.POST:
                preview = days
            else:
                try:
                    with transaction.atomic():
                        for day in days:
                            services.add_rsc_session(
                                owner=request.user,
                                actor=request.user,
                                key=uuid.uuid5(key, day.isoformat()),
                                date=day,
                                **form.session_fields(),
                            )
                except PortfolioError as exc:
                    _apply_error(form, exc)
                else:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s RS/C session added.",
                            "%(count)s RS/C sessions added.",
                            len(days),
                        )
                        % {"count": len(days)},
                    )
                    return _done(request, reverse("portfolios:rsc_session_list"))
    else:
        form = RscScheduleForm(owner=request.user)
    return render(
        request,
        "portfolios/entries/schedule.html",
        {"kind": KINDS["rsc_session"], "form": form, "preview": preview},
    )


# -- agreements and membership ---------------------------------------------------------------

AGREEMENT_DOCUMENTS = ("code_of_ethics", "endorsement_agreement")


@login_required
@require_http_methods(["GET", "POST"])
def agreements(request):
    """Read the code of ethics and the endorsement agreement, and sign each (dated today)."""
    if request.method == "POST":
        document = request.POST.get("document")
        if document not in AGREEMENT_DOCUMENTS:
            raise Http404
        try:
            key = uuid.UUID(request.POST.get("key", ""))
        except ValueError:
            key = uuid.uuid4()
        services.sign_agreement(
            owner=request.user,
            actor=request.user,
            document=document,
            signed=timezone.localdate(),
            key=key,
        )
        messages.success(request, _("Signed. Thank you."))
        return _done(request, reverse("portfolios:agreements"))
    latest = {}
    for row in Agreement.objects.filter(owner=request.user).order_by("signed", "id"):
        latest[row.document] = row.signed
    documents = [
        {
            "code": code,
            "template": f"portfolios/entries/agreement_{code}.html",
            "signed": latest.get(code),
            "key": uuid.uuid4(),
        }
        for code in AGREEMENT_DOCUMENTS
    ]
    return render(
        request,
        "portfolios/entries/agreements.html",
        {"documents": documents, "panel": where_you_stand(request.user, "agreements")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership(request):
    """The person's memberships of a professional association; the latest expiry counts."""
    rows = Membership.objects.filter(owner=request.user).order_by("-expires", "-id")
    if request.method == "POST":
        form = MembershipForm(request.POST, owner=request.user)
        if form.is_valid():
            try:
                services.record_membership(
                    owner=request.user,
                    actor=request.user,
                    key=form.cleaned_data["key"] or uuid.uuid4(),
                    **form.entry_fields(),
                )
            except PortfolioError as exc:
                _apply_error(form, exc)
            else:
                messages.success(request, _("Membership saved."))
                return _done(request, reverse("portfolios:membership"))
    else:
        form = MembershipForm(owner=request.user)
    return render(
        request,
        "portfolios/entries/membership.html",
        {"form": form, "rows": rows, "panel": where_you_stand(request.user, "membership")},
    )


@login_required
@require_http_methods(["POST"])
def membership_delete(request, pk: int):
    row = get_object_or_404(Membership, owner=request.user, pk=pk)
    services.remove_membership(membership=row, actor=request.user)
    messages.success(request, _("Membership removed."))
    return _done(request, reverse("portfolios:membership"))
