"""The signed-in person's own account pages: their settings (whether the public registry lists
them) and the language switch, remembered on the account so that email to the person speaks it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from . import services
from .forms import RegistryListingForm
from .models import User


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request):
    """The signed-in person's own settings: whether the public registry lists them. There is no
    id in the address or the form: a person can only change their own choice."""
    user = request.user
    if request.method == "POST":
        form = RegistryListingForm(request.POST)
        if form.is_valid():
            listed = form.cleaned_data["listed"]
            services.set_registry_listing(user=user, listed=listed)
            if listed:
                messages.success(request, _("You are listed in the public registry."))
            else:
                messages.success(request, _("You are no longer listed in the public registry."))
            return redirect("accounts:settings")
    else:
        form = RegistryListingForm(initial={"listed": user.listed_in_registry})
    return render(request, "accounts/settings.html", {"form": form})


@require_POST
def set_language(request):
    """Django's language switch; a signed-in person's choice is also kept on their account."""
    response = django_set_language(request)
    chosen = request.POST.get("language", "")
    known = {code for code, _name in settings.LANGUAGES}
    if request.user.is_authenticated and chosen in known and request.user.language != chosen:
        User.objects.filter(pk=request.user.pk).update(language=chosen)
    return response
