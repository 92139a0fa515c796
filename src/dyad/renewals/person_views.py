"""The endorsed person's renewal pages, `/renewals/`.

Signed-in only, and only the person's own: every view looks the renewal (or the endorsement) up
with the signed-in person first, so another person's ids are a 404 whatever the method. What the
renewal rules ask is the engine in renewal mode (`services.assess`), shown the way the portfolio
page shows findings, each unmet rule linking to the same portfolio forms. Every write is a
`services` verb; an error a person can act on shows next to what it is about.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET
from django_scopes import scope, scopes_disabled

from dyad.applications import payments
from dyad.applications.payment_views import confirm_payment, start_payment
from dyad.applications.services import start_reinstatement
from dyad.core.errors import DyadError
from dyad.core.events import describe, history
from dyad.core.ratelimit import rate_limit
from dyad.core.uploads import limit_uploads
from dyad.credentials.models import Endorsement
from dyad.credentials.status import ACTIVE, GRACE, LAPSED, standing
from dyad.portfolios.forms import DocumentForm
from dyad.portfolios.standing import links
from dyad.portfolios.transcript_views import file_response
from dyad.portfolios.transcripts import MAX_BYTES, safe_name
from dyad.standards.findings import Assessment

from . import services
from .models import AuditEvidence, Renewal

State = Renewal.State


class EvidenceForm(DocumentForm):
    """One document for the audit, and what it shows."""

    field_order = ["kind", "file", "key"]

    kind = forms.ChoiceField(
        label=_("What it shows"),
        choices=AuditEvidence.Kind.choices,
        error_messages={"required": _("Say what the document shows.")},
    )


def own_renewal(user, pk: int) -> Renewal:
    """The person's own renewal, in any association (their own row, across associations on
    purpose), or 404."""
    with scopes_disabled():
        return get_object_or_404(
            Renewal.objects.select_related("association", "endorsement"), pk=pk, person=user
        )


@require_GET
@login_required
def renewal_list(request):
    """The person's endorsements (every association: their own credentials) with where each
    renewal stands and a button to renew when its window is open."""
    today = timezone.localdate()
    with scopes_disabled():
        endorsements = list(
            Endorsement.objects.filter(holder=request.user)
            .select_related("association")
            .order_by("expires", "id")
        )
        renewals = {
            (r.endorsement_id, r.period_expires): r
            for r in Renewal.objects.filter(person=request.user)
        }
    rows = []
    for e in endorsements:
        renewal = renewals.get((e.pk, e.expires))
        state = standing(e, today).state
        rows.append(
            {
                "endorsement": e,
                "renewal": renewal,
                "in_force": state in (ACTIVE, GRACE),
                "in_grace": state == GRACE,
                "can_start": renewal is None and services.can_renew(e, today),
                "opens_on": services.opens_on(e),
                "lapsed": state == LAPSED,
            }
        )
    return render(
        request,
        "renewals/person/list.html",
        {"rows": rows, "today": today, "key": uuid.uuid4()},
    )


@login_required
def start(request, endorsement: int):
    with scopes_disabled():
        row = get_object_or_404(Endorsement, pk=endorsement, holder=request.user)
    if refused := _only(request, "POST"):
        return refused
    try:
        renewal = services.start_renewal(endorsement=row, person=request.user)
    except DyadError as exc:
        messages.error(request, exc.message)
        return redirect("renewals:mine")
    return redirect("renewals:detail", pk=renewal.pk)


@login_required
def reinstate(request, endorsement: int):
    """Open the application that reinstates a lapsed endorsement (in `applications`), then go
    to it. The form's `key` makes a double click open one application."""
    with scopes_disabled():
        row = get_object_or_404(
            Endorsement.objects.select_related("association"), pk=endorsement, holder=request.user
        )
    if refused := _only(request, "POST"):
        return refused
    try:
        key = uuid.UUID(request.POST.get("key", ""))
    except ValueError:
        key = None
    try:
        application = start_reinstatement(applicant=request.user, endorsement=row, key=key)
    except DyadError as exc:
        messages.error(request, exc.message)
        return redirect("renewals:mine")
    return redirect("applications:detail", pk=application.pk)


def _checklist(assessment: Assessment) -> list[dict]:
    return [{"finding": f, "links": () if f.met else links(f.rule)} for f in assessment.findings]


def _page(request, renewal: Renewal, status: int = 200, **extra):
    editable = renewal.state in (State.STARTED, State.RETURNED)
    assessment = services.assess(renewal) if editable else None
    frozen = Assessment.from_dict(renewal.assessment) if renewal.assessment else None
    provider = payments.provider()
    fee_due = payments.fee_is_due(renewal)
    with scope(association=renewal.association_id):
        events = history(renewal)
        evidence = list(renewal.evidence.all())
    missing = [f for f in assessment.findings if not f.met] if assessment else []
    context = {
        "renewal": renewal,
        "endorsement": renewal.endorsement,
        "editable": editable,
        "assessment": assessment,
        "checklist": _checklist(assessment) if assessment else [],
        "missing": [{"finding": f, "links": links(f.rule)} for f in missing],
        "frozen": frozen,
        "frozen_checklist": _checklist(frozen) if frozen and not editable else [],
        "agreements_unmet": any(f.rule == "agreements" for f in missing),
        "fee_due": fee_due,
        "pay_online": fee_due and provider.online,
        "pay_instructions": (
            provider.start(renewal, request).instructions if fee_due and not provider.online else ""
        ),
        "can_submit": editable and not fee_due,
        "evidence": evidence,
        "evidence_open": renewal.drawn and renewal.state != State.GRANTED,
        "evidence_form": extra.pop("evidence_form", None) or EvidenceForm(),
        "new_expires": services.new_expiry(renewal),
        "timeline": [{"event": e, "text": describe(e)} for e in events],
        **extra,
    }
    return render(request, "renewals/person/detail.html", context, status=status)


@login_required
def detail(request, pk: int):
    renewal = own_renewal(request.user, pk)
    if refused := _only(request, "GET", "HEAD"):
        return refused
    return _page(request, renewal)


def _only(request, *methods: str):
    """405 for another method, answered after the renewal was looked up: a person who is not
    its holder gets the same 404 whatever the method."""
    if request.method not in methods:
        return HttpResponseNotAllowed(methods)
    return None


def _post_only(request):
    return _only(request, "POST")


@login_required
def sign(request, pk: int):
    """Re-sign both agreements today (into the portfolio)."""
    renewal = own_renewal(request.user, pk)
    if refused := _post_only(request):
        return refused
    try:
        services.sign_agreements(renewal=renewal, person=request.user)
    except DyadError as exc:
        return _page(request, renewal, status=400, sign_error=exc.message)
    messages.success(request, gettext("Both agreements are signed today."))
    return redirect("renewals:detail", pk=pk)


@login_required
def pay(request, pk: int):
    """Pay the renewal fee through the payment provider."""
    renewal = own_renewal(request.user, pk)
    if refused := _post_only(request):
        return refused
    back = reverse("renewals:detail", args=[pk])
    return start_payment(request, renewal, back, lambda: _page(request, renewal))


@login_required
def payment_return(request, pk: int):
    """Where an online provider sends the person back: it confirms the payment."""
    renewal = own_renewal(request.user, pk)
    if refused := _only(request, "GET", "HEAD"):
        return refused
    return confirm_payment(
        request,
        renewal,
        reverse("renewals:detail", args=[pk]),
        gettext("Thank you. The renewal fee is paid."),
        lambda message: _page(request, renewal, status=400, fee_error=message),
    )


@login_required
def submit(request, pk: int):
    renewal = own_renewal(request.user, pk)
    if refused := _post_only(request):
        return refused
    try:
        renewal = services.submit_renewal(renewal=renewal, person=request.user)
    except DyadError as exc:
        return _page(request, renewal, status=400, submit_error=exc.message)
    if renewal.state == State.GRANTED:
        messages.success(
            request,
            gettext("Your endorsement is renewed until %(day)s.")
            % {"day": renewal.new_expires.isoformat()},
        )
    elif renewal.state == State.AUDIT:
        messages.info(
            request,
            gettext(
                "Your renewal was drawn for the random audit. Upload your evidence below; the "
                "coordinator then confirms it."
            ),
        )
    else:
        messages.info(request, gettext("Your renewal went to the coordinator."))
    return redirect("renewals:detail", pk=pk)


@csrf_exempt  # only so the upload limit is in place before the body is read; checked below
@login_required
@rate_limit("upload_audit_evidence")
def upload_evidence(request, pk: int):
    renewal = own_renewal(request.user, pk)  # a 404 before anything of the body is read
    if refused := _post_only(request):
        return refused
    upload = limit_uploads(request, MAX_BYTES)
    return _upload(request, renewal, upload)


@csrf_protect
def _upload(request, renewal: Renewal, upload):
    form = EvidenceForm(request.POST, request.FILES, too_large=upload.too_large)
    if form.is_valid():
        file = form.cleaned_data["file"]
        try:
            services.add_evidence(
                renewal=renewal,
                person=request.user,
                kind=form.cleaned_data["kind"],
                name=file.name,
                data=file.read(MAX_BYTES + 1),
                key=form.cleaned_data["key"] or uuid.uuid4(),
            )
        except DyadError as exc:
            field = exc.field if exc.field in form.fields else "file"
            message = exc.message
            if field == "file":  # the browser empties the file field: name the file refused
                message = gettext("%(name)s: %(reason)s") % {
                    "name": safe_name(file.name),
                    "reason": exc.message,
                }
            form.add_error(field, message)
        else:
            messages.success(request, gettext("File added."))
            return redirect("renewals:detail", pk=renewal.pk)
    return _page(request, renewal, status=400, evidence_form=form)


def _evidence(request, pk: int, evidence: int) -> AuditEvidence:
    renewal = own_renewal(request.user, pk)
    with scope(association=renewal.association_id):
        row = AuditEvidence.objects.filter(renewal=renewal, pk=evidence).first()
    if row is None:
        raise Http404
    return row


@never_cache
@login_required
def download_evidence(request, pk: int, evidence: int):
    row = _evidence(request, pk, evidence)
    if refused := _only(request, "GET", "HEAD"):
        return refused
    return file_response(row)


@login_required
def remove_evidence(request, pk: int, evidence: int):
    row = _evidence(request, pk, evidence)
    if refused := _post_only(request):
        return refused
    try:
        services.remove_evidence(evidence=row, person=request.user)
    except DyadError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, gettext("File removed."))
    return redirect("renewals:detail", pk=pk)
