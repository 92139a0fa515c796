"""Staff must set up TOTP before they reach anything but their account pages.

A view marked `staff_mfa_exempt` is never redirected (and costs no query here): an endpoint a
script posts to, such as an exam's autosave, where a redirect would lose what was sent and the
view checks itself whom it serves."""

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
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "staff_mfa_exempt", False):
            return None
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
        return None


def staff_mfa_exempt(view):
    """Mark `view` (the outermost decorator) as one StaffMFAMiddleware leaves alone."""
    view.staff_mfa_exempt = True
    return view
