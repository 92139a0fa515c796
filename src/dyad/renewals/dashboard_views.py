"""The coordinator's renewal pages, under `a/<slug>/renewals/`: the dashboard (due this month,
in grace, lapsed, audit pending: counts, filters, a page of rows) and the renewal settings.
Thin: the form validates, `settings_services` decides, `dashboard` reads."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dyad.associations.access import association_view
from dyad.associations.models import StaffMembership
from dyad.core.errors import DyadError

from . import dashboard
from .dashboard_forms import DashboardFilter, RenewalSettingsForm
from .models import settings_for
from .settings_services import update_renewal_settings

COORDINATOR = StaffMembership.Role.COORDINATOR


@require_http_methods(["GET"])
@association_view(COORDINATOR)
def renewals_dashboard(request, association):
    today = timezone.localdate()
    filters = DashboardFilter(request.GET or None, today=today)
    chosen = filters.chosen()
    show = chosen["show"]
    if show == dashboard.AUDIT:
        rows = dashboard.audits(association, chosen["category"], chosen["q"])
    else:
        rows = dashboard.endorsements(
            association, show, today, chosen["month"], chosen["category"], chosen["q"]
        )
    page = Paginator(rows, dashboard.PAGE_SIZE).get_page(request.GET.get("page"))
    if show == dashboard.AUDIT:
        lines = [dashboard.describe_audit(r, today) for r in page]
    else:
        lines = [dashboard.describe(e, show, today) for e in page]
    counts = dashboard.counts(association, today, chosen["month"])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "renewals/dashboard/home.html",
        {
            "association": association,
            "filters": filters,
            "show": show,
            "show_label": dashboard.GROUPS[show],
            "month": chosen["month"],
            "groups": [(key, label, counts[key]) for key, label in dashboard.GROUPS.items()],
            "page": page,
            "lines": lines,
            "query": query.urlencode(),
            "filtered": bool(chosen["category"] or chosen["q"]),
        },
    )


@require_http_methods(["GET", "POST"])
@association_view(COORDINATOR)
def renewal_settings(request, association):
    setting = settings_for(association)
    posted = request.method == "POST"
    form = RenewalSettingsForm(request.POST if posted else None, instance=setting)
    if posted and form.is_valid():
        try:
            update_renewal_settings(
                association=association, actor=request.user, changes=form.changes()
            )
        except DyadError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Renewal settings saved."))
            return redirect("renewals:dashboard", slug=association.slug)
    return render(
        request,
        "renewals/dashboard/settings.html",
        {"association": association, "form": form},
    )
