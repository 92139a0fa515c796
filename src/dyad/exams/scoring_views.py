"""The scoring pages of an association.

Scorers (`a/<slug>/scoring/`): the responses assigned to them, and one page per sitting with
each response's vignette, question, rubric and text, blind: never the candidate's name nor
another scorer's marks. Coordinators (`a/<slug>/exams/scoring/`): every submitted sitting's
progress and result, and one page per sitting to assign scorers."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from dyad.associations.access import association_view
from dyad.associations.models import StaffMembership

from . import scoring_selectors, scoring_services
from .models import ScoringAssignment, Sitting
from .scoring_forms import AssignScorerForm, ScoresForm
from .scoring_services import ScoringError

COORDINATOR = StaffMembership.Role.COORDINATOR
SCORER = StaffMembership.Role.EXAM_SCORER


@never_cache
@association_view(SCORER)
def my_scoring(request, association):
    """The sittings with responses assigned to the signed-in scorer, open ones first."""
    rows = scoring_selectors.my_sittings(association, request.user)
    return render(request, "exams/scoring/mine.html", {"association": association, "rows": rows})


def _sitting_for_scorer(association, user, pk: int) -> Sitting:
    """The sitting, only when the scorer has a response of it: 404 otherwise."""
    if not ScoringAssignment.objects.filter(
        association=association, scorer=user, answer__sitting_id=pk
    ).exists():
        raise Http404
    return get_object_or_404(
        Sitting.objects.select_related("window__form"), association=association, pk=pk
    )


@never_cache
@require_http_methods(["GET", "POST"])
@association_view(SCORER)
def score_page(request, association, pk: int):
    """Score the responses of one sitting assigned to you, each against its rubric."""
    sitting = _sitting_for_scorer(association, request.user, pk)
    responses = scoring_selectors.my_responses(sitting, request.user)
    form = ScoresForm(request.POST if request.method == "POST" else None, rows=responses)
    if request.method == "POST" and form.rows and form.is_valid():
        try:
            changed = scoring_services.record_scores(
                sitting=sitting, scorer=request.user, scores=form.scores()
            )
        except ScoringError as exc:
            name = (
                f"score_{exc.field}" if exc.field and f"score_{exc.field}" in form.fields else None
            )
            form.add_error(name, exc.message)
        else:
            if changed:
                messages.success(request, _("Your scores are saved."))
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("exams:score", slug=association.slug, pk=sitting.pk)
    return render(
        request,
        "exams/scoring/score.html",
        {
            "association": association,
            "sitting": sitting,
            "groups": scoring_selectors.by_vignette(responses),
            "form": form,
            "open": bool(form.rows),
        },
    )


@never_cache
@association_view(COORDINATOR)
def scoring_list(request, association):
    """Every submitted sitting: the scores in, a missing scorer, the result."""
    state = request.GET.get("state", "")
    if state not in ("", Sitting.State.SUBMITTED, Sitting.State.SCORED):
        state = ""
    rows = scoring_selectors.scoring_rows(association, state)
    page = Paginator(rows, scoring_selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    for sitting in page:
        sitting.progress = scoring_selectors.progress(sitting)
        sitting.outcome = getattr(sitting, "result", None)
    return render(
        request,
        "exams/scoring/list.html",
        {"association": association, "page": page, "state": state},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@association_view(COORDINATOR)
def scoring_detail(request, association, pk: int):
    """One sitting for the coordinator: each written response's scorers, scores and final
    score, the result, and assigning a scorer to a role."""
    sitting = get_object_or_404(
        Sitting.objects.select_related("window__form", "candidate", "application", "result"),
        association=association,
        pk=pk,
        state__in=[Sitting.State.SUBMITTED, Sitting.State.SCORED],
    )
    scorers = scoring_services.scorers_of(association)
    assign = AssignScorerForm(request.POST if request.method == "POST" else None, scorers=scorers)
    if request.method == "POST" and assign.is_valid():
        try:
            count = scoring_services.assign_scorer(
                sitting=sitting,
                role=assign.cleaned_data["role"],
                scorer=assign.scorers[assign.cleaned_data["scorer"]],
                actor=request.user,
            )
        except ScoringError as exc:
            assign.add_error(exc.field if exc.field in assign.fields else None, exc.message)
        else:
            if count:
                messages.success(
                    request, _("Scorer assigned to %(count)s response(s).") % {"count": count}
                )
            else:
                messages.info(request, _("No response needs a scorer in that role."))
            return redirect(reverse("exams:scoring_detail", args=[association.slug, sitting.pk]))
    form = sitting.window.form
    written = scoring_services.written_answers(sitting)
    lines = [
        {
            "w": w,
            "roles": [(role, w.scores.get(role)) for role in w.roles_needed(form)],
            "final": w.final(form),
        }
        for w in written
    ]
    result = getattr(sitting, "result", None)  # read with the sitting (none until decided)
    return render(
        request,
        "exams/scoring/detail.html",
        {
            "association": association,
            "sitting": sitting,
            "form": form,
            "lines": lines,
            "assign": assign,
            "result": result,
        },
    )
