"""The association's pages: the pipeline (coordinators), one application with its snapshot,
reviewers, fee and decision (coordinators), and the reviewer's own assignments and review page.
Thin: forms validate, `services`/`reviewing` decide, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from dyad.associations.access import association_view
from dyad.associations.models import StaffMembership
from dyad.core.errors import DyadError
from dyad.portfolios.models import Transcript
from dyad.portfolios.transcript_views import file_response
from dyad.standards.messages import m
from dyad.standards.messages import render as say

from . import reviewing, services, staff_selectors, states
from .models import Application, Assignment
from .selectors import exam_results, timeline
from .staff_forms import (
    BulkAssign,
    ConflictForm,
    DecisionForm,
    FeeForm,
    PipelineFilter,
    ReviewerChoice,
    ReviewForm,
)

COORDINATOR = StaffMembership.Role.COORDINATOR
REVIEWER = StaffMembership.Role.REVIEWER
REVIEWABLE = (states.SUBMITTED, states.IN_REVIEW)


@require_http_methods(["GET", "POST"])
@association_view(COORDINATOR)
def pipeline(request, association):
    """Every application of the association by state, with age, who holds the ball and
    completeness; tick several submitted ones to assign a reviewer at once."""
    filters = PipelineFilter(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = staff_selectors.pipeline(
        association,
        state=chosen.get("state", ""),
        category=chosen.get("category", ""),
        q=chosen.get("q", ""),
    )
    page = Paginator(rows, staff_selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    reviewers = reviewing.reviewers_of(association)
    assignable = [a.pk for a in page if a.state in REVIEWABLE]
    bulk = BulkAssign(
        request.POST if request.method == "POST" else None,
        reviewers=reviewers,
        application_ids=assignable,
    )
    if request.method == "POST" and bulk.is_valid():
        reviewer = bulk.reviewers[bulk.cleaned_data["reviewer"]]
        done, refused = 0, []
        for application in Application.objects.filter(
            association=association, pk__in=bulk.cleaned_data["applications"]
        ).select_related("applicant", "association"):
            try:
                reviewing.assign_reviewer(
                    application=application, reviewer=reviewer, actor=request.user
                )
                done += 1
            except DyadError as exc:
                refused.append(f"#{application.pk}: {exc.message}")
        if done:
            messages.success(
                request,
                _("%(reviewer)s assigned to %(count)s application(s).")
                % {"reviewer": reviewer.name, "count": done},
            )
        for line in refused:
            messages.error(request, line)
        return redirect(request.get_full_path())
    for application in page:
        application.age = staff_selectors.age_in_days(application)
        application.ball = staff_selectors.holds_the_ball(application)
    return render(
        request,
        "applications/staff/pipeline.html",
        {
            "association": association,
            "filters": filters,
            "page": page,
            "state_rows": _state_rows(staff_selectors.state_counts(association)),
            "bulk": bulk,
            "assignable": set(assignable),
        },
    )


def _state_rows(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(value, label, counts[value]) for value, label in Application.State.choices]


def _decisions(application: Application) -> list[str]:
    has_exam = services.has_exam(application)
    return [
        d
        for d, target in (
            (DecisionForm.EXAM, states.EXAM),
            (DecisionForm.ENDORSE, states.ENDORSED),
            (DecisionForm.RETURN, states.RETURNED),
            (DecisionForm.DENY, states.DENIED),
        )
        if _legal(application.state, target, has_exam)
    ]


def _legal(state: str, target: str, has_exam: bool) -> bool:
    try:
        states.move(state, target, states.COORDINATOR, has_exam)
    except states.IllegalMove:
        return False
    return True


def _rule_choices(frozen) -> list[tuple[str, str]]:
    if frozen is None:
        return []
    return [(f.rule, say(m(f"rule.{f.rule}"), _)) for f in frozen.assessment.findings]


@require_http_methods(["GET", "POST"])
@association_view(COORDINATOR)
def application_page(request, association, pk: int):
    """One application for the coordinator: the frozen snapshot rule by rule with its evidence,
    references, reviewers and their recommendations, the fee, the decision, the timeline."""
    application = get_object_or_404(
        Application.objects.select_related("applicant", "association", "endorsement"),
        association=association,
        pk=pk,
    )
    frozen = staff_selectors.latest_snapshot(application)
    reviewers = reviewing.reviewers_of(association)
    action = request.POST.get("action") if request.method == "POST" else None
    assign = ReviewerChoice(request.POST if action == "assign" else None, reviewers=reviewers)
    fee = FeeForm(request.POST if action == "fee" else None)
    decision = DecisionForm(
        request.POST if action == "decide" else None,
        decisions=_decisions(application),
        rules=_rule_choices(frozen),
    )
    form = {"assign": assign, "fee": fee, "decide": decision}.get(action or "")
    if form is not None and form.is_valid():
        try:
            _act(request, application, action, form)
        except DyadError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
        else:
            return redirect("pipeline:application", slug=association.slug, pk=application.pk)
    fee_due = application.fee_status == Application.Fee.DUE and application.is_open
    return render(
        request,
        "applications/staff/application.html",
        {
            "association": association,
            "application": application,
            "frozen": frozen,
            "live": None if frozen else services.assess(application),
            "references": list(application.references.all()),
            "assignments": staff_selectors.assignments_of(application),
            "assign": assign if application.state in REVIEWABLE else None,
            "fee": fee if fee_due else None,
            "decision": decision if decision.fields["decision"].choices else None,
            "events": timeline(application),
            "age": staff_selectors.age_in_days(application),
            "exam_results": exam_results(application)
            if application.state in (states.EXAM, states.ENDORSED)
            else [],
        },
    )


def _act(request, application: Application, action: str, form) -> None:
    data = form.cleaned_data
    actor = request.user
    if action == "assign":
        reviewer = form.reviewers[data["reviewer"]]
        reviewing.assign_reviewer(application=application, reviewer=reviewer, actor=actor)
        messages.success(request, _("%(reviewer)s assigned.") % {"reviewer": reviewer.name})
    elif action == "fee":
        services.record_fee(
            application=application,
            actor=actor,
            status=data["fee_status"],
            reference=data["reference"],
        )
        messages.success(request, _("Fee recorded."))
    elif data["decision"] == DecisionForm.ENDORSE:
        done = services.endorse_application(application=application, actor=actor)
        messages.success(
            request,
            _("Endorsed: endorsement %(number)s granted.") % {"number": done.endorsement.number},
        )
    elif data["decision"] == DecisionForm.EXAM:
        services.approve_for_exam(application=application, actor=actor)
        messages.success(request, _("Approved to sit the exam."))
    elif data["decision"] == DecisionForm.RETURN:
        services.return_application(
            application=application, actor=actor, rules=data["rules"], reason=data["reason"]
        )
        messages.success(request, _("Returned to the applicant."))
    else:
        services.deny_application(application=application, actor=actor, reason=data["reason"])
        messages.success(request, _("Application denied."))


@association_view(COORDINATOR, REVIEWER)
def my_reviews(request, association):
    """The reviewer's assignments in this association, open ones first."""
    return render(
        request,
        "applications/staff/reviews.html",
        {
            "association": association,
            "assignments": staff_selectors.my_assignments(association, request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@association_view(COORDINATOR, REVIEWER)
def review_page(request, association, pk: int):
    """The assigned reviewer works on the snapshot rule by rule: a judgement and a comment per
    requirement (saved as often as they like), then a recommendation; or declares a conflict."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("application", "application__applicant"),
        application__association=association,
        pk=pk,
    )
    if assignment.reviewer_id != request.user.pk:
        raise Http404
    application = assignment.application
    frozen = staff_selectors.latest_snapshot(application)
    if frozen is None:
        raise Http404
    rules = _rule_choices(frozen)
    action = request.POST.get("action") if request.method == "POST" else None
    review = ReviewForm(
        request.POST if action in ("save", "recommend") else None,
        rules=rules,
        judgements=assignment.judgements,
    )
    conflict = ConflictForm(request.POST if action == "conflict" else None)
    is_open = (
        assignment.state == Assignment.State.ASSIGNED and application.state == states.IN_REVIEW
    )
    if is_open and action == "conflict" and conflict.is_valid():
        try:
            reviewing.declare_conflict(
                assignment=assignment, actor=request.user, reason=conflict.cleaned_data["reason"]
            )
        except DyadError as exc:
            conflict.add_error("reason", exc.message)
        else:
            messages.success(
                request, _("Conflict declared. The coordinator will assign someone else.")
            )
            return redirect("pipeline:reviews", slug=association.slug)
    if is_open and action in ("save", "recommend") and review.is_valid():
        try:
            _save_review(request, assignment, review, rules, recommend=action == "recommend")
        except DyadError as exc:
            field = exc.field if exc.field in review.fields else None
            review.add_error(field, exc.message)
        else:
            return redirect("pipeline:review", slug=association.slug, pk=assignment.pk)
    return render(
        request,
        "applications/staff/review.html",
        {
            "association": association,
            "assignment": assignment,
            "application": application,
            "frozen": frozen,
            "review": review,
            "conflict": conflict,
            "is_open": is_open,
            "findings": [
                (f, frozen.evidence.get(f.rule, []), field, comment)
                for f, (_rule, field, comment) in zip(
                    frozen.assessment.findings, review.rules, strict=True
                )
            ],
        },
    )


def _save_review(request, assignment, review, rules, *, recommend: bool) -> None:
    data = review.cleaned_data
    for rule, _title in rules:
        judgement = data.get(f"judgement_{rule}")
        if judgement:
            assignment = reviewing.record_judgement(
                assignment=assignment,
                actor=request.user,
                rule=rule,
                judgement=judgement,
                comment=data.get(f"comment_{rule}", ""),
            )
    if recommend:
        if not data.get("recommendation"):
            raise DyadError(_("Choose a recommendation."), field="recommendation")
        reviewing.recommend(
            assignment=assignment,
            actor=request.user,
            recommendation=data["recommendation"],
            comment=data.get("comment", ""),
        )
        messages.success(request, _("Recommendation sent to the coordinator."))
    else:
        messages.success(request, _("Review saved."))


@never_cache
@association_view(COORDINATOR, REVIEWER)
def submitted_file(request, association, pk: int, file_ref: str):
    """A file the application's latest snapshot froze, for its coordinators and the reviewers
    assigned to it: served only while the file is still the one submitted (same SHA-256)."""
    application = get_object_or_404(Application, association=association, pk=pk)
    if (
        COORDINATOR not in request.roles
        and not application.assignments.filter(reviewer=request.user).exists()
    ):
        raise Http404
    frozen = application.snapshots.order_by("-number").first()
    wanted = next((u for u in (frozen.uploads if frozen else []) if u["ref"] == file_ref), None)
    if wanted is None:
        raise Http404
    row = Transcript.objects.filter(
        owner=application.applicant_id, pk=file_ref.partition(":")[2] or 0
    ).first()
    if row is None or row.sha256 != wanted["sha256"]:
        raise Http404(_("This file was changed or removed after the application was submitted."))
    return file_response(row)
