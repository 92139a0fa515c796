"""Staff must set up TOTP before they reach anything but their account pages."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import has_mfa, needs_mfa

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/media/")


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and needs_mfa(user)
            and not has_mfa(user)
        ):
            messages.warning(
                request,
                _("Staff accounts need two-factor authentication. Set it up to continue."),
            )
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.get_full_path()}")
        return self.get_response(request)
