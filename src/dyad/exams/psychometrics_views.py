"""The psychometrics pages for an association's coordinators: each form's item difficulty and
discrimination with the options chosen, written agreement and kappa, scorer severity, alpha and
KR-20 (`psychometrics.form_stats`, the same code as `dyad exam stats`), a chart and a CSV."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dyad.associations.access import association_view
from dyad.associations.models import StaffMembership

from . import psychometrics
from .models import ExamForm

COORDINATOR = StaffMembership.Role.COORDINATOR


@require_GET
@association_view(COORDINATOR)
def forms_list(request, association):
    return render(
        request,
        "exams/stats/forms.html",
        {"association": association, "forms": psychometrics.forms_with_counts(association)},
    )


@never_cache
@require_GET
@association_view(COORDINATOR)
def form_stats(request, association, pk: int):
    form = get_object_or_404(ExamForm, association=association, pk=pk)
    found = psychometrics.form_stats(form)
    return render(
        request,
        "exams/stats/form.html",
        {
            "association": association,
            "form": form,
            "stats": found,
            "chart": psychometrics.item_chart(found.items),
        },
    )


@never_cache
@require_GET
@association_view(COORDINATOR)
def form_stats_csv(request, association, pk: int):
    form = get_object_or_404(ExamForm, association=association, pk=pk)
    response = HttpResponse(
        psychometrics.stats_csv(psychometrics.form_stats(form)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="exam-form-{form.pk}-v{form.version}-stats.csv"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
