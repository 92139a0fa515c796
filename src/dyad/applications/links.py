"""The links sent to raters and RS/C providers: short, expiring, renewable, never stored.

A link's token is an HMAC of the row's id and a random nonce under the secret key, 24 letters
and digits (120 bits, base32: no 0/1/8/9, so nothing to confuse when typed from paper). The
database keeps the nonce and the token's SHA-256 only: a copy of the database alone opens no
link, yet the applicant's page can show the same link again (it is derived, not stored). A new
nonce is a new link; the old one stops working at once (renewal, resend after expiry).

Why not `signing.TimestampSigner`: its tokens are three times as long, and a signed link cannot
be withdrawn before it expires; here the stored hash is the one link that works.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

#: what a token looks like (the URL converter)
TOKEN_PATTERN = "[a-z2-7]{24}"


class TokenConverter:
    regex = TOKEN_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def token_for(kind: str, pk: int, nonce: str) -> str:
    mac = salted_hmac(f"dyad.applications.links.{kind}", f"{pk}:{nonce}", algorithm="sha256")
    return base64.b32encode(mac.digest()[:15]).decode().lower()


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def lifetime() -> timedelta:
    return timedelta(days=settings.DYAD_INVITATION_DAYS)


def issue(invitation, kind: str) -> str:
    """Give `invitation` (a saved row) a new link valid for DYAD_INVITATION_DAYS; the old link
    stops working. Sets the fields; the caller saves them (`ISSUED_FIELDS`)."""
    invitation.link_nonce = secrets.token_hex(16)
    token = token_for(kind, invitation.pk, invitation.link_nonce)
    invitation.link_hash = digest(token)
    invitation.link_expires_at = timezone.now() + lifetime()
    invitation.reminders_sent = []
    return token


ISSUED_FIELDS = ["link_nonce", "link_hash", "link_expires_at", "reminders_sent"]


def token_of(invitation, kind: str) -> str | None:
    """The current link's token, derived again (None before the first invitation)."""
    if not invitation.link_nonce:
        return None
    return token_for(kind, invitation.pk, invitation.link_nonce)


def is_expired(invitation) -> bool:
    return invitation.link_expires_at is None or invitation.link_expires_at <= timezone.now()
