"""Checking a credential Dyad issued: `verify(document) -> VerificationResult`.

The same checks an outside verifier makes (tests/interop runs Digital Bazaar's): the proof's
signature with the issuer's published key (retired keys included), the issuer, the dates, and the
revocation status list. Keys and the list are read from the database, not fetched. Every problem
is a plain sentence for the verification page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled
from pyld.jsonld import JsonLdError

from dyad.associations.tenancy import run_in_scope

from . import crypto, documents, proofs
from .jsonld import ContextNotBundled, UndefinedTerm
from .models import IssuerKey, StatusEntry


@dataclass
class VerificationResult:
    valid: bool
    problems: list[str] = field(default_factory=list)
    #: What the credential says, once its signature checked out (for the page to show).
    number: str = ""
    holder_name: str = ""
    achievement: str = ""
    issuer_name: str = ""
    #: The endorsement's public verification page (the credential's id, on this site).
    page_url: str = ""


def _parse_time(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _key_of(method: str) -> IssuerKey | None:
    """The IssuerKey published at `method`, if it is one of this site's key URLs."""
    site = urlsplit(settings.SITE_URL)
    url = urlsplit(method)
    if (url.scheme, url.netloc) != (site.scheme, site.netloc):
        return None
    try:
        match = resolve(url.path)
    except Resolver404:
        return None
    if match.view_name != "badges:key":
        return None
    # Verification is public and the key names its association: read it across tenants.
    with scopes_disabled():
        return (
            IssuerKey.objects.select_related("association")
            .filter(association__slug=match.kwargs["slug"], serial=match.kwargs["serial"])
            .first()
        )


def verify(document, *, now: datetime | None = None) -> VerificationResult:
    now = now or datetime.now(UTC)
    result = VerificationResult(valid=False)
    problems = result.problems
    if not isinstance(document, dict) or "VerifiableCredential" not in _types(document):
        problems.append(_("This is not a verifiable credential."))
        return result
    try:
        proof = proofs.proof_of(document)
    except proofs.ProofError:
        problems.append(_("The credential is not signed: it has no proof Dyad can check."))
        return result
    key = _key_of(proof["verificationMethod"])
    if key is None:
        problems.append(_("The credential was not signed with a key this site publishes."))
        return result
    association = key.association
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != documents.issuer_url(association):
        problems.append(_("The issuer named in the credential does not own the signing key."))
        return result
    try:
        public_key = crypto.public_key_from_multibase(key.public_key_multibase)
        signed = proofs.signature_is_valid(document, public_key)
    except ContextNotBundled:
        problems.append(_("The credential uses a vocabulary Dyad does not issue with."))
        return result
    except UndefinedTerm as error:
        problems.append(
            _("The credential has a field that is not part of the signed vocabulary: %(field)s.")
            % {"field": error.term}
        )
        return result
    except (proofs.ProofError, JsonLdError, ValueError, TypeError, RecursionError):
        problems.append(_("The credential's signature is malformed."))
        return result
    if not signed:
        problems.append(
            _("The signature does not match: the credential was changed after it was signed.")
        )
        return result
    _describe(result, document, association)
    created = _parse_time(proof.get("created"))
    if key.retired and (created is None or created > key.retired):
        problems.append(_("The credential was signed with a key retired before that date."))
    valid_from = _parse_time(document.get("validFrom"))
    valid_until = _parse_time(document.get("validUntil"))
    if valid_from is not None and now < valid_from:
        problems.append(
            _("The credential is not valid yet: it starts on %(day)s.")
            % {"day": valid_from.date().isoformat()}
        )
    if valid_until is not None and now > valid_until:
        problems.append(
            _("The credential expired on %(day)s.") % {"day": valid_until.date().isoformat()}
        )
    _check_status(document, association, problems)
    result.valid = not problems
    return result


def _types(document: dict) -> list:
    kinds = document.get("type", [])
    return kinds if isinstance(kinds, list) else [kinds]


def _describe(result: VerificationResult, document: dict, association) -> None:
    subject = document.get("credentialSubject") or {}
    if not isinstance(subject, dict):
        return
    names = [
        i.get("identityHash", "")
        for i in subject.get("identifier") or []
        if isinstance(i, dict) and i.get("identityType") == "name" and not i.get("hashed")
    ]
    achievement = subject.get("achievement") or {}
    result.holder_name = names[0] if names else ""
    result.achievement = achievement.get("name", "") if isinstance(achievement, dict) else ""
    result.issuer_name = association.name
    credential_id = str(document.get("id", ""))
    result.number = credential_id.rsplit("/", 1)[-1]
    if credential_id == documents.credential_id(result.number):
        result.page_url = credential_id


def _check_status(document: dict, association, problems: list[str]) -> None:
    status = document.get("credentialStatus")
    if isinstance(status, list):  # one entry or a list of them: the same signed statement
        revocation = [
            s for s in status if isinstance(s, dict) and s.get("statusPurpose") == "revocation"
        ]
        status = revocation[0] if len(revocation) == 1 else None
    if not isinstance(status, dict) or status.get("type") != "BitstringStatusListEntry":
        problems.append(_("The credential has no revocation status Dyad can check."))
        return
    if status.get("statusListCredential") != documents.status_list_url(association):
        problems.append(_("The credential points at a status list its issuer does not publish."))
        return
    try:
        index = int(status.get("statusListIndex"))
    except (TypeError, ValueError):
        problems.append(_("The credential's place in the status list is not a number."))
        return
    with run_in_scope(association):
        entry = (
            StatusEntry.objects.select_related("endorsement")
            .filter(association=association, index=index)
            .first()
        )
    if entry is None:
        problems.append(_("The credential's place in the status list was never given out."))
    elif not entry.endorsement.is_in_force():
        problems.append(
            _("The issuer has withdrawn this credential: it was revoked or has lapsed.")
        )
