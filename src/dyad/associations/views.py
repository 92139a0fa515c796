from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from dyad.core.errors import DyadError
from dyad.core.uploads import limit_uploads

from . import selectors, services
from .access import association_view
from .forms import AssociationSettingsForm
from .logos import MAX_BYTES as LOGO_BYTES
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
            "is_exam_scorer": StaffMembership.Role.EXAM_SCORER in request.roles,
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
    return _settings_page(request, association, form, LogoForm())


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=gettext_lazy("Logo"),
        required=False,
        help_text=gettext_lazy("A PNG or JPEG picture of at most 2 MB, printed on certificates."),
    )
    remove = forms.BooleanField(label=gettext_lazy("Take the logo off"), required=False)


def _settings_page(request, association, form, logo_form):
    return render(
        request,
        "associations/settings.html",
        {"association": association, "form": form, "logo_form": logo_form},
    )


@csrf_exempt  # only so the upload limit is in place before the body is read; checked below
def association_logo(request, slug):
    """Put or take off the logo printed on certificates; coordinators only."""
    upload = limit_uploads(request, LOGO_BYTES) if request.method == "POST" else None
    return _association_logo(request, slug, upload=upload)


@csrf_protect
@require_POST
@association_view(COORDINATOR)
def _association_logo(request, association, upload):
    logo_form = LogoForm(request.POST, request.FILES)
    if upload is not None and upload.too_large:
        logo_form.add_error(None, _("A logo can be at most 2 MB."))
    elif logo_form.is_valid():
        file = logo_form.cleaned_data["logo"]
        if file is None and not logo_form.cleaned_data["remove"]:
            logo_form.add_error(
                "logo", _("Choose a picture, or tick the box to take the logo off.")
            )
        else:
            try:
                services.set_association_logo(
                    association=association,
                    actor=request.user,
                    data=file.read() if file is not None else None,
                )
            except DyadError as exc:
                # the browser empties the file field: say which file was refused
                logo_form.add_error(
                    "logo", _("%(name)s: %(reason)s") % {"name": file.name, "reason": exc.message}
                )
            else:
                messages.success(request, _("Logo saved.") if file else _("Logo taken off."))
                return redirect("associations:settings", slug=association.slug)
    form = AssociationSettingsForm(instance=association)
    return _settings_page(request, association, form, logo_form)
