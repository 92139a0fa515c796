"""The top of the site: what Dyad is, the definitions, and where a signed-in person starts."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from dyad.accounts.selectors import staff_roles
from dyad.standards.codes import AREAS, SERVICES


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
    roles = staff_roles(request.user)
    associations = {}
    for association, role in roles:
        associations.setdefault(association, []).append(role)
    if len(associations) == 1 and not request.user.is_alliance_admin:
        only = next(iter(associations))
        return redirect("associations:home", slug=only.slug)
    return render(
        request,
        "web/dashboard.html",
        {"associations": associations.items(), "is_alliance_admin": request.user.is_alliance_admin},
    )
