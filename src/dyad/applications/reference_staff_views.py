"""The association's side of an application's references: each invitation's progress, the
ratings (staff only: never on an applicant's page), resend and renew."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dyad.associations.access import association_view
from dyad.core.errors import DyadError

from . import invitation_status, invitations, ratings
from .models import Application, Reference, ReferenceRating
from .review_models import Assignment


@association_view("coordinator", "reviewer")
def application_references(request, association, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("applicant"), pk=pk, association=association
    )
    if "coordinator" not in request.roles and not (
        Assignment.objects.filter(application=application, reviewer=request.user)
        .exclude(state=Assignment.State.CONFLICT)
        .exists()
    ):
        raise Http404  # a reviewer reads the ratings of the applications assigned to them
    statuses = invitation_status.references_with_status(application)
    answers = {
        r.reference_id: r
        for r in ReferenceRating.objects.filter(reference__application=application)
    }
    labels = ratings.competencies()
    scale = {code: str(label) for code, label in ratings.SCALE}
    rows = []
    for status in statuses:
        rating = answers.get(status.reference.pk)
        scores = []
        if rating is not None:
            scores = [
                (labels.get(code, code), scale.get(value, value))
                for code, value in rating.scores.items()
            ]
        rows.append({"invitation": status, "rating": rating, "scores": scores})
    confirmations = invitation_status.rsc_confirmations_with_status(application)
    return render(
        request,
        "applications/staff/references.html",
        {
            "association": association,
            "application": application,
            "rows": rows,
            "confirmations": confirmations,
            "coordinator": "coordinator" in request.roles,
        },
    )


def _reference(association, pk: int) -> Reference:
    reference = (
        Reference.objects.filter(pk=pk, application__association=association)
        .select_related("application__association", "application__applicant")
        .first()
    )
    if reference is None:
        raise Http404
    return reference


@require_POST
@association_view("coordinator")
def renew_reference_link(request, association, pk: int) -> HttpResponse:
    reference = _reference(association, pk)
    try:
        invitations.renew_invitation(reference=reference, actor=request.user)
    except DyadError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new link is on its way to the rater."))
    return redirect(
        "raters:application_references", slug=association.slug, pk=reference.application_id
    )


@require_POST
@association_view("coordinator")
def resend_reference(request, association, pk: int) -> HttpResponse:
    reference = _reference(association, pk)
    try:
        invitations.resend_invitation(reference=reference, actor=request.user)
    except DyadError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation is on its way again."))
    return redirect(
        "raters:application_references", slug=association.slug, pk=reference.application_id
    )
