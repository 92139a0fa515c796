"""The coordinator's audit review, under `a/<slug>/renewals/audits/`: the renewals waiting for
them (drawn for audit, or submitted with a rule unmet), one renewal with the findings the person
submitted, the recorded draw and the evidence, and the decision: confirm (granted) or return
with what to add. Coordinators only (`@association_view`); every write is a `services` verb."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from dyad.associations.access import association_view
from dyad.associations.models import StaffMembership
from dyad.core.errors import DyadError
from dyad.core.events import describe, history
from dyad.portfolios.transcript_views import file_response
from dyad.standards.findings import Assessment

from . import draw as draws
from . import services
from .models import AuditEvidence, Renewal

COORDINATOR = StaffMembership.Role.COORDINATOR
WAITING = (Renewal.State.AUDIT, Renewal.State.SUBMITTED)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What the person should add or fix"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say what the person should add or fix.")},
    )


class FeeForm(forms.Form):
    fee_status = forms.ChoiceField(
        label=_("Renewal fee"),
        choices=[(Renewal.Fee.PAID, _("paid")), (Renewal.Fee.WAIVED, _("waived"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the fee was paid or waived.")},
    )
    reference = forms.CharField(label=_("Payment reference"), max_length=120, required=False)


def waiting_renewals(association):
    """The renewals waiting for the coordinator, oldest submission first (one query)."""
    return (
        Renewal.objects.filter(association=association, state__in=WAITING)
        .select_related("person", "endorsement")
        .annotate(files=Count("evidence"))
        .order_by("submitted_at", "id")
    )


@require_GET
@association_view(COORDINATOR)
def audit_list(request, association):
    rows = list(waiting_renewals(association))
    return render(
        request,
        "renewals/audit/list.html",
        {
            "association": association,
            "rows": rows,
            "in_audit": sum(1 for r in rows if r.state == Renewal.State.AUDIT),
            "submitted": sum(1 for r in rows if r.state == Renewal.State.SUBMITTED),
        },
    )


@require_http_methods(["GET", "POST"])
@association_view(COORDINATOR)
def audit_page(request, association, pk: int):
    renewal = get_object_or_404(
        Renewal.objects.select_related("person", "endorsement"), association=association, pk=pk
    )
    return_form = ReturnForm()
    fee_form = FeeForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm":
                services.confirm_renewal(renewal=renewal, actor=request.user)
                messages.success(request, gettext("Renewal confirmed: the endorsement is renewed."))
                return redirect("renewals:audits", association.slug)
            if action == "return":
                return_form = ReturnForm(request.POST)
                if return_form.is_valid():
                    services.return_renewal(
                        renewal=renewal,
                        actor=request.user,
                        reason=return_form.cleaned_data["reason"],
                    )
                    messages.success(request, gettext("Renewal returned to the person."))
                    return redirect("renewals:audits", association.slug)
            elif action == "fee":
                fee_form = FeeForm(request.POST)
                if fee_form.is_valid():
                    services.record_renewal_fee(
                        renewal=renewal,
                        actor=request.user,
                        status=fee_form.cleaned_data["fee_status"],
                        reference=fee_form.cleaned_data["reference"],
                    )
                    messages.success(request, gettext("Fee recorded."))
                    return redirect("renewals:audit", association.slug, renewal.pk)
            else:
                raise Http404
        except DyadError as exc:
            form = fee_form if action == "fee" else return_form
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
        status = 400
    frozen = Assessment.from_dict(renewal.assessment) if renewal.assessment else None
    return render(
        request,
        "renewals/audit/page.html",
        {
            "association": association,
            "renewal": renewal,
            "frozen": frozen,
            "draw_checks": bool(renewal.draw) and draws.rerun(renewal.draw) == renewal.drawn,
            "evidence": list(renewal.evidence.all()),
            "return_form": return_form,
            "fee_form": fee_form,
            "decidable": renewal.state in WAITING,
            "timeline": [{"event": e, "text": describe(e)} for e in history(renewal)],
        },
        status=status,
    )


@never_cache
@require_GET
@association_view(COORDINATOR)
def audit_evidence(request, association, pk: int, evidence: int):
    row = get_object_or_404(AuditEvidence, association=association, renewal_id=pk, pk=evidence)
    return file_response(row)
