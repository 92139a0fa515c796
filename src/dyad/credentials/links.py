"""Addresses of a credential that other pages link to."""

from __future__ import annotations

from django.urls import reverse


def credential_json_url(number: str) -> str:
    """The credential JSON (the Open Badges file a wallet imports), served by the badges app
    (by URL name: credentials sits below badges and imports nothing of it)."""
    return reverse("badges:credential_json", kwargs={"number": number})
