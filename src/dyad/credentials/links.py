"""Addresses of a credential that other pages link to."""

from __future__ import annotations


def credential_json_url(number: str) -> str:
    """The credential JSON (the Open Badges file a wallet imports), served by the badges app.

    A plain path until that app is merged; then this becomes
    `reverse("badges:credential_json", kwargs={"number": number})`."""
    return f"/credentials/{number}.json"
