"""The candidate's result (`/exams/results/<id>/`): only their own sitting, only once decided.
The page shows parts and areas, never the items, the key or anyone else's result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_scopes import scopes_disabled

from . import results
from .models import Result


@never_cache
@require_GET
@login_required
def result_page(request, pk: int):
    # The person's own result, whatever association scored it: looked up by candidate first.
    with scopes_disabled():
        result = (
            Result.objects.filter(sitting_id=pk, sitting__candidate=request.user)
            .select_related("sitting__window__form", "sitting__association")
            .first()
        )
    if result is None:
        raise Http404
    return render(
        request,
        "exams/results/result.html",
        {
            "result": result,
            "sitting": result.sitting,
            "form": result.sitting.window.form,
            "parts": results.parts(result),
            "areas": results.area_feedback(result),
        },
    )
