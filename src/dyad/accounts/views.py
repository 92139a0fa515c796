from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import RegistryListingForm


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
