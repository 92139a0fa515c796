"""The applicant's pages: their applications, starting one, and one application's page
(what is asked now, references, the fee, submit, withdraw, the timeline).

Signed-in only, and only ever the person's own applications: every application is looked up
with `applicant=` the signed-in person, so another person's id is a 404 on GET and POST alike
(association staff included: they see applications on their association's pages, not here).
Every change goes through a `services` verb; its `ApplicationError` is shown next to the field
or the button it concerns, with what was typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from dyad.associations.models import Association
from dyad.core.events import describe
from dyad.portfolios.home_views import FORMS, is_empty, standing
from dyad.portfolios.selectors import portfolio_facts
from dyad.standards.findings import Finding
from dyad.standards.messages import m

from . import payments, services, states
from .applicant_forms import ReferenceForm, StartForm, WithdrawForm, role_label
from .applicant_selectors import (
    last_return,
    latest_snapshot,
    own_application,
    own_applications,
)
from .invitation_status import references_with_status, rsc_rows
from .models import Application
from .payment_views import confirm_payment, start_payment
from .selectors import exam_results, timeline
from .services import ApplicationError

#: what each state asks of the applicant now, in plain words
ASKED = {
    states.STARTED: _("Complete the checklist, pay the fee if there is one, and submit."),
    states.RETURNED: _("Address what the association asked for, then submit again."),
    states.SUBMITTED: _("Nothing for now. The association checks your application."),
    states.IN_REVIEW: _("Nothing for now. Reviewers are reading your application."),
    states.EXAM: _("Sit the exam. The association tells you when and where."),
}
#: who holds the ball, in plain words
BALL = {states.APPLICANT: _("You"), states.COORDINATOR: _("The association")}


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class Item:
    """One line of the checklist: a finding and where to act on it."""

    finding: Finding
    links: tuple[Link, ...]
    later: bool  # the exam: it comes after review, it does not stop a submission


def _links(rule: str) -> tuple[Link, ...]:
    if rule == "references":
        return (Link("#name-a-rater", str(_("Name a rater"))),)
    return tuple(Link(reverse(name), str(text)) for name, text in FORMS.get(rule, ()))


def _checklist(assessment) -> list[Item]:
    return [
        Item(f, () if f.met else _links(f.rule), f.rule in services.AFTER_SUBMISSION)
        for f in assessment.findings
    ]


@require_GET
@login_required
def application_list(request):
    """The person's applications, with their state, who acts next and what is asked of them."""
    rows = [
        {
            "application": a,
            "ball": BALL.get(a.holds_the_ball, ""),
            "asked": ASKED.get(a.state, ""),
        }
        for a in own_applications(request.user)
    ]
    return render(request, "applications/applicant/list.html", {"rows": rows})


def _suggestion(user, today):
    """Per standard: the highest category the portfolio meets (references and the exam come
    with the application), or the nearest one to reach."""
    portfolio = portfolio_facts(user)
    if is_empty(portfolio):
        return None, []
    sections = standing(portfolio, today)
    suggested = next(
        (s["highest"].assessment.category for s in sections if s["highest"] is not None), None
    )
    if suggested is None:
        suggested = next(
            (s["nearest"].assessment.category for s in sections if s["nearest"] is not None), None
        )
    return suggested, sections


@require_http_methods(["GET", "POST"])
@login_required
def start(request):
    """Choose an association and a category; Dyad suggests the category and says why."""
    today = timezone.localdate()
    suggested, sections = _suggestion(request.user, today)
    if request.method == "POST":
        form = StartForm(request.POST, suggested=suggested)
        if form.is_valid():
            try:
                application = services.start_application(
                    applicant=request.user,
                    association=form.cleaned_data["association"],
                    category=form.cleaned_data["category"],
                    key=form.cleaned_data["key"],
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect("applications:detail", pk=application.pk)
    else:
        form = StartForm(suggested=suggested)
    return render(
        request,
        "applications/applicant/start.html",
        {
            "form": form,
            "sections": sections,
            "suggested": suggested,
            "associations": Association.objects.order_by("name"),
        },
    )


def _page(request, application: Application, **extra):
    """The application's page: state, what is asked now, the checklist (live while the person
    can still change it, the submitted snapshot afterwards), references, fee, timeline."""
    editable = application.state in (states.STARTED, states.RETURNED)
    frozen = latest_snapshot(application) if application.state != states.STARTED else None
    assessment = None
    can_submit = False
    blocking = []
    if editable:
        assessment = services.assess(application)
        blocking = services.blocking(assessment)
        can_submit = not blocking and application.fee_status != Application.Fee.DUE
    references = [
        {
            "reference": i.reference,
            "role": role_label(i.reference.role),
            "status": i.reference.get_status_display(),
            "invitation": i,  # delivery, progress and the link to copy (invitations.py)
        }
        for i in references_with_status(application, request)
    ]
    provider = payments.provider()
    fee_due = payments.fee_is_due(application)
    events = timeline(application)
    returned = last_return(application)
    context = {
        "application": application,
        "editable": editable,
        "assessment": assessment,
        "checklist": _checklist(assessment) if assessment else [],
        "blocking": [f for f in assessment.findings if f.rule in blocking] if assessment else [],
        "can_submit": can_submit,
        "frozen": frozen,
        "frozen_checklist": _checklist(frozen.assessment) if frozen and not editable else [],
        "returned": returned,
        "returned_rules": [(m(f"rule.{r}"), _links(r)) for r in returned.rules] if returned else [],
        "references": references,
        "rsc_rows": rsc_rows(application, request, extra.pop("rsc_errors", None)),
        "reference_form": extra.pop("reference_form", None) or ReferenceForm(),
        "fee_due": fee_due,
        "pay_online": fee_due and provider.online,
        "pay_instructions": (
            provider.start(application, request).instructions
            if fee_due and not provider.online
            else ""
        ),
        "ball": BALL.get(application.holds_the_ball, ""),
        "asked": ASKED.get(application.state, ""),
        "timeline": [{"event": e, "text": describe(e)} for e in events],
        "exam_results": exam_results(application)
        if application.state in (states.EXAM, states.ENDORSED)
        else [],
        **extra,
    }
    return render(
        request,
        "applications/applicant/detail.html",
        context,
        status=400 if extra.get("submit_error") or extra.get("fee_error") else 200,
    )


@login_required
def detail(request, pk: int):
    application = own_application(request.user, pk)
    if refused := _only(request, "GET", "HEAD"):
        return refused
    return _page(request, application)


def _only(request, *methods: str):
    """405 for another method. Views on one application call it after looking the application
    up, so a person who is not its applicant gets the same 404 whatever the method."""
    if request.method not in methods:
        return HttpResponseNotAllowed(methods)
    return None


def _post_only(request):
    return _only(request, "POST")


@login_required
def name_reference(request, pk: int):
    """Name a rater (the same email twice is the same reference)."""
    application = own_application(request.user, pk)
    if refused := _post_only(request):
        return refused
    form = ReferenceForm(request.POST)
    if form.is_valid():
        try:
            services.request_reference(
                application=application, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                gettext("%(name)s is named as a rater.") % {"name": form.cleaned_data["name"]},
            )
            return redirect(reverse("applications:detail", args=[pk]) + "#references")
    return _page(request, application, reference_form=form, reference_error=True)


@login_required
def submit(request, pk: int):
    """Submit (or submit again after a return). The service checks again; its reason is shown
    next to the button, or next to the fee when the fee is what is missing."""
    application = own_application(request.user, pk)
    if refused := _post_only(request):
        return refused
    try:
        services.submit_application(application=application, actor=request.user)
    except ApplicationError as exc:
        application = own_application(request.user, pk)
        if exc.field == "fee_status":
            return _page(request, application, fee_error=exc.message)
        return _page(request, application, submit_error=exc.message)
    messages.success(request, gettext("Your application is submitted."))
    return redirect("applications:detail", pk=pk)


@login_required
def withdraw(request, pk: int):
    """A confirmation page, then the withdrawal (POST)."""
    application = own_application(request.user, pk)
    if refused := _only(request, "GET", "HEAD", "POST"):
        return refused
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.withdraw_application(
                    application=application,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, gettext("Your application is withdrawn."))
                return redirect("applications:detail", pk=pk)
    else:
        form = WithdrawForm()
    return render(
        request,
        "applications/applicant/withdraw.html",
        {"application": application, "form": form},
    )


@login_required
def pay(request, pk: int):
    """Pay the fee through the payment provider (an online one redirects to its checkout)."""
    application = own_application(request.user, pk)
    if refused := _post_only(request):
        return refused
    back = reverse("applications:detail", args=[pk])
    return start_payment(request, application, back, lambda: _page(request, application))


@login_required
def payment_return(request, pk: int):
    """Where an online provider sends the person back: it confirms the payment."""
    application = own_application(request.user, pk)
    if refused := _only(request, "GET", "HEAD"):
        return refused
    return confirm_payment(
        request,
        application,
        reverse("applications:detail", args=[pk]),
        gettext("Thank you. The fee is paid."),
        lambda message: _page(request, application, fee_error=message),
    )
