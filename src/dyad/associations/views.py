from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dyad.core.errors import DyadError

from . import selectors, services
from .access import association_view
from .forms import AssociationSettingsForm
from .models import StaffMembership

COORDINATOR = StaffMembership.Role.COORDINATOR


@association_view()
def association_home(request, association):
    """The association at a glance for any of its staff."""
    return render(
        request,
        "associations/home.html",
        {
            "association": association,
            "staff": selectors.staff_of(association),
            "events": selectors.recent_events(association) if COORDINATOR in request.roles else [],
            "is_coordinator": COORDINATOR in request.roles,
            "is_reviewer": StaffMembership.Role.REVIEWER in request.roles,
        },
    )


@association_view(COORDINATOR)
def association_settings(request, association):
    """Contact details and fees; coordinators only."""
    posted = request.method == "POST"
    form = AssociationSettingsForm(request.POST if posted else None, instance=association)
    if posted and form.is_valid():
        try:
            services.update_association_settings(
                association=association, actor=request.user, changes=form.cleaned_data
            )
        except DyadError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("associations:home", slug=association.slug)
    return render(request, "associations/settings.html", {"association": association, "form": form})
