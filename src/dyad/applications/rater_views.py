"""Pages for people asked to answer without an account, by the link in their email: a rater
(`/r/<token>/`) and an RS/C provider (`/rsc/<token>/`); and a provider's own RS/C page in their
account (`/rsc/`). A link that opens nothing (mistyped, tampered, expired, used, or its
application closed) gets a page that says so and what to do, never an error.

GET only shows (and notes the first visit: "opened"); POST acts. The page is in the language the
applicant chose for the recipient, unless the visitor picked one with the language menu."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_scopes import scope, scopes_disabled

from dyad.core.errors import DyadError
from dyad.portfolios.models import RscProvider, RscSession
from dyad.portfolios.services import confirm_rsc_sessions

from . import applicant_views, invitations
from .applicant_selectors import own_application
from .invitations import LinkProblem
from .models import Reference
from .rater_forms import DeclineForm, RatingForm, RscSessionsForm

#: the HTTP status of each link problem: an unknown link is not found; the others are gone
STATUS = {"unknown": 404, "expired": 410, "closed": 410, "answered": 200}

FORMAT_NAMES = {"individual": gettext_lazy("one to one"), "group": gettext_lazy("in a group")}


@contextmanager
def _language(request, language: str) -> Iterator[None]:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    code = chosen if chosen in dict(settings.LANGUAGES) else language
    with translation.override(code):
        request.LANGUAGE_CODE = code
        yield


@contextmanager
def _answering(request, invitation) -> Iterator[None]:
    """The page of one invitation: in its association's scope and the recipient's language."""
    with (
        scope(association=invitation.application.association_id),
        _language(request, invitation.language),
    ):
        yield


def _problem(request, problem: LinkProblem, kind: str) -> HttpResponse:
    invitation = problem.invitation
    language = invitation.language if invitation is not None else translation.get_language()
    with _language(request, language):
        return render(
            request,
            "applications/rater/link_problem.html",
            {
                "reason": problem.reason,
                "kind": kind,
                "association": invitation.application.association if invitation else None,
            },
            status=STATUS[problem.reason],
        )


@never_cache
@require_http_methods(["GET", "POST"])
def reference_form(request, token: str) -> HttpResponse:
    try:
        reference = invitations.reference_by_token(token)
    except LinkProblem as problem:
        return _problem(request, problem, "reference")
    with _answering(request, reference):
        if request.method == "POST":
            form = RatingForm(request.POST)
            if form.is_valid():
                try:
                    invitations.rate_reference(
                        reference=reference,
                        scores=form.scores(),
                        comments=form.cleaned_data["comments"],
                    )
                except DyadError as error:
                    form.add_error(None, error.message)
                else:
                    return redirect(request.path)
        else:
            invitations.mark_opened(reference)
            form = RatingForm()
        return render(
            request,
            "applications/rater/reference.html",
            {"reference": reference, "application": reference.application, "form": form},
        )


@never_cache
@require_http_methods(["GET", "POST"])
def reference_decline(request, token: str) -> HttpResponse:
    try:
        reference = invitations.reference_by_token(token)
    except LinkProblem as problem:
        return _problem(request, problem, "reference")
    with _answering(request, reference):
        form = DeclineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                invitations.decline_reference(
                    reference=reference, reason=form.cleaned_data["reason"]
                )
            except DyadError as error:
                form.add_error(None, error.message)
            else:
                return redirect("raters:reference", token=token)
        return render(
            request,
            "applications/rater/decline.html",
            {"reference": reference, "application": reference.application, "form": form},
        )


def _session_rows(form) -> list:
    return [
        {
            "session": s,
            "format": FORMAT_NAMES.get(s.format, s.format),
            "answer": answer,
            "date": date,
            "minutes": minutes,
        }
        for s, answer, date, minutes in form.rows()
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def rsc_form(request, token: str) -> HttpResponse:
    try:
        confirmation = invitations.rsc_confirmation_by_token(token)
    except LinkProblem as problem:
        return _problem(request, problem, "rsc")
    with _answering(request, confirmation):
        sessions = invitations.sessions_to_confirm(confirmation.provider)
        form = RscSessionsForm(request.POST or None, sessions=sessions)
        if request.method == "POST" and form.is_valid():
            try:
                invitations.answer_rsc_confirmation(
                    confirmation=confirmation, answers=form.answers()
                )
            except DyadError as error:
                form.add_error(None, error.message)
            else:
                return redirect(request.path)
        if request.method == "GET":
            invitations.mark_opened(confirmation)
        return render(
            request,
            "applications/rater/rsc.html",
            {
                "applicant": confirmation.application.applicant,
                "association": confirmation.application.association,
                "provider_name": confirmation.provider.shown_name,
                "form": form,
                "rows": _session_rows(form),
            },
        )


@login_required
def rsc_mine(request) -> HttpResponse:
    """The signed-in provider's RS/C page: per person who logged sessions with them, how many
    await their answer."""
    providers = list(
        RscProvider.objects.filter(user=request.user)
        .select_related("owner")
        .order_by("owner__display_name", "owner__email", "id")
    )
    waiting = {
        row["provider_id"]: row["count"]
        for row in RscSession.objects.filter(provider__in=providers, confirmation="")
        .values("provider_id")
        .order_by()
        .annotate(count=Count("id"))
    }
    rows = [{"provider": p, "waiting": waiting.get(p.pk, 0)} for p in providers]
    return render(request, "applications/rater/rsc_mine.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def rsc_mine_confirm(request, pk: int) -> HttpResponse:
    """One person's sessions logged with the signed-in provider, on the same one page."""
    provider = get_object_or_404(RscProvider.objects.select_related("owner"), pk=pk)
    if provider.user_id != request.user.pk:
        raise Http404
    sessions = invitations.sessions_to_confirm(provider)
    form = RscSessionsForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            confirm_rsc_sessions(provider=provider, answers=form.answers(), actor=request.user)
        except DyadError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you: your answer is saved."))
            return redirect("raters:rsc_mine")
    return render(
        request,
        "applications/rater/rsc.html",
        {
            "applicant": provider.owner,
            "association": None,
            "provider_name": request.user.name,
            "form": form,
            "rows": _session_rows(form),
            "signed_in": True,
        },
    )


@login_required
@require_POST
def resend(request, pk: int) -> HttpResponse:
    """The applicant sends their rater the link again (a new one if it expired)."""
    with scopes_disabled():  # the applicant's own reference, found by its applicant
        reference = (
            Reference.objects.filter(pk=pk, application__applicant=request.user)
            .select_related("application__association")
            .first()
        )
    if reference is None:
        raise Http404
    try:
        invitations.resend_invitation(reference=reference, actor=request.user)
    except DyadError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation is on its way again."))
    return redirect(_back(request))


def _back(request) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "web:dashboard"


@login_required
@require_POST
def ask_rsc_confirmation(request, pk: int, provider_pk: int) -> HttpResponse:
    """The applicant sends the sessions logged with one of their providers to that provider."""
    application = own_application(request.user, pk)
    provider = get_object_or_404(RscProvider, pk=provider_pk, owner=request.user)
    email = request.POST.get("email", "")
    language = request.POST.get("language") or None
    if language not in (None, *dict(settings.LANGUAGES)):
        language = None
    try:
        invitations.request_rsc_confirmation(
            application=application,
            actor=request.user,
            provider=provider,
            email=email,
            language=language,
        )
    except DyadError as error:
        return applicant_views._page(
            request, application, rsc_errors={provider.pk: (error.message, email)}
        )
    messages.success(
        request,
        _("%(name)s is asked to confirm your sessions.") % {"name": provider.shown_name},
    )
    return redirect(reverse("applications:detail", args=[pk]) + "#rsc-confirmation")
