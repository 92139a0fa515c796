"""The top of the site: what Dyad is, the definitions, and where a signed-in person starts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from dyad.applications.applicant_selectors import own_applications
from dyad.associations.access import alliance_view
from dyad.associations.models import StaffMembership
from dyad.associations.selectors import roles_of
from dyad.exams.candidate_selectors import own_sittings
from dyad.portfolios.standing import Standing, standing_fragment
from dyad.standards.codes import AREAS, SERVICES

from . import selectors


def home(request):
    """What Dyad is, and the ways in: sign in, the public registry, the definitions."""
    return render(request, "web/home.html")


def definitions(request):
    """Dyad's paraphrase of the field's definitions, with a citation, and what each decides."""
    return render(
        request,
        "web/definitions.html",
        {"areas": AREAS.values(), "services": SERVICES.values()},
    )


@login_required
def dashboard(request):
    """Where a signed-in person starts: their associations' pages, or their own next steps."""
    roles = roles_of(request.user)
    associations = {}
    for association, role in roles:
        associations.setdefault(association, []).append(StaffMembership.Role(role).label)
    if len(associations) == 1 and not request.user.is_alliance_admin:
        only = next(iter(associations))
        return redirect("associations:home", slug=only.slug)
    context = {
        "associations": associations.items(),
        "is_alliance_admin": request.user.is_alliance_admin,
    }
    if not associations and not request.user.is_alliance_admin:
        # An applicant: where their portfolio stands, per standard (the page has the details).
        context["portfolio_standing"] = standing_fragment(request.user, "dashboard", _standing)
        context["applications"] = own_applications(request.user)  # one query
        context["sittings"] = own_sittings(request.user)  # one query
    return render(request, "web/dashboard.html", context)


def _standing(current: Standing) -> str:
    return render_to_string(
        "web/_dashboard_standing.html",
        {"portfolio_empty": current.empty, "standing": current.sections},
    )


@alliance_view
def alliance_overview(request):
    """All associations' aggregate figures (staff, endorsements in force), no people;
    for Alliance administrators only."""
    return render(request, "web/alliance.html", {"associations": selectors.alliance_overview()})
