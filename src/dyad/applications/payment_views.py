"""The two steps of paying a fee from a person's page, for anything `payments` knows (an
application, a renewal): start with the provider (an online one sends the person to its checkout)
and, when they come back, confirm. The caller has checked the row is the person's own."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect

from dyad.core.errors import DyadError

from . import payments


def start_payment(request, row, back: str, page: Callable[[], HttpResponse]) -> HttpResponse:
    """Start paying `row`'s fee; back to `back` when nothing is due, else the provider's next
    step, or `page()` when the provider has nothing to send the person to."""
    if not payments.fee_is_due(row):
        return redirect(back)
    step = payments.provider().start(row, request)
    return redirect(step.redirect_to) if step.redirect_to else page()


def confirm_payment(
    request, row, back: str, thanks: str, refused: Callable[[str], HttpResponse]
) -> HttpResponse:
    """Confirm the payment the provider sent the person back from: `thanks` and back to `back`,
    or `refused(message)` with the provider's reason."""
    try:
        payments.provider().confirm(row, request)
    except DyadError as exc:
        return refused(exc.message)
    messages.success(request, thanks)
    return redirect(back)
