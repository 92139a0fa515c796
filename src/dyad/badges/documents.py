"""The JSON-LD documents Dyad publishes: the Open Badges 3.0 credential of an endorsement, the
issuer's controller document and keys, and the revocation status list credential.

Every URL is absolute, built on `settings.SITE_URL`, so a credential names the same issuer, keys
and status list whoever downloads it and from wherever.

The documents are in English whatever the language of the page that serves them: a credential is
one signed text, read by software and by people anywhere.
"""

from __future__ import annotations

import base64
import gzip
from datetime import date

from django.conf import settings
from django.urls import reverse

from dyad.standards.codes import standard_of
from dyad.standards.requirement_sets import baseline_for

from .jsonld import CREDENTIALS_V2, DID_V1, MULTIKEY_V1, OB_V3

#: The Bitstring Status List's minimum length (16 KB), for herd privacy.
MIN_LIST_BITS = 131_072

STANDARD_NAMES = {
    "IMH-E": "Infant Mental Health Endorsement",
    "ECMH-E": "Early Childhood Mental Health Endorsement",
}
STANDARD_DESCRIPTIONS = {
    "IMH-E": (
        "Recognizes competence in culturally sensitive, relationship-focused practice that "
        "promotes the mental health of infants, toddlers and their families."
    ),
    "ECMH-E": (
        "Recognizes competence in culturally sensitive, relationship-focused practice that "
        "promotes the mental health of young children and their families."
    ),
}
CRITERIA = (
    "The holder met the requirements of this category (education, work experience, specialized "
    "training and, where the category asks for them, reflective supervision or consultation "
    "and an exam). The association that issued this credential reviewed them."
)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def issuer_url(association) -> str:
    return absolute(reverse("badges:issuer", kwargs={"slug": association.slug}))


def key_url(association, serial: int) -> str:
    return absolute(reverse("badges:key", kwargs={"slug": association.slug, "serial": serial}))


def status_list_url(association) -> str:
    return absolute(reverse("badges:status_list", kwargs={"slug": association.slug}))


def credential_id(number: str) -> str:
    """The credential's id: the endorsement's public verification page."""
    return absolute(f"/verify/{number}")


def achievement_name(category: str) -> str:
    """The category's full name with the standard's registered mark, as on the certificate."""
    standard = standard_of(category)
    name = baseline_for(category).category(category).name
    return f"{STANDARD_NAMES[standard]}® ({standard}®): {name} ({category})"


def _day_start(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _day_end(day: date) -> str:
    return f"{day.isoformat()}T23:59:59Z"


def credential(endorsement, status_index: int) -> dict:
    """The unsigned OpenBadgeCredential of `endorsement` (VC data model 2.0, OB 3.0)."""
    association = endorsement.association
    category = endorsement.category
    standard = standard_of(category)
    list_url = status_list_url(association)
    issuer = {
        "id": issuer_url(association),
        "type": ["Profile"],
        "name": association.name,
    }
    if getattr(association, "contact_email", ""):
        issuer["email"] = association.contact_email
    return {
        "@context": [CREDENTIALS_V2, OB_V3],
        "id": credential_id(endorsement.number),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": achievement_name(category),
        "issuer": issuer,
        "validFrom": _day_start(endorsement.granted),
        "validUntil": _day_end(endorsement.expires),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": endorsement.holder_name,
                }
            ],
            "achievement": {
                "id": absolute(f"/definitions/#{category}"),
                "type": ["Achievement"],
                "achievementType": "Certification",
                "humanCode": category,
                "name": achievement_name(category),
                "description": STANDARD_DESCRIPTIONS[standard],
                "criteria": {"narrative": CRITERIA},
            },
        },
        "credentialStatus": {
            "id": f"{list_url}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": list_url,
        },
    }


def key_document(key) -> dict:
    """A published key: a Multikey controlled by the issuer document."""
    return {
        "@context": MULTIKEY_V1,
        "id": key_url(key.association, key.serial),
        "type": "Multikey",
        "controller": issuer_url(key.association),
        "publicKeyMultibase": key.public_key_multibase,
    }


def issuer_document(association, keys) -> dict:
    """The controller document of an association: every key it ever signed with, current and
    retired, may make assertions (credentials signed before a rotation still verify)."""
    methods = [key_document(key) for key in keys]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": issuer_url(association),
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def encode_bits(revoked: set[int]) -> tuple[str, int]:
    """The `encodedList` of a list with the bits in `revoked` set (index 0 is the left-most bit
    of the first byte), gzip-compressed, multibase base64url without padding; and its length in
    bits."""
    size = MIN_LIST_BITS
    while revoked and max(revoked) >= size:
        size += MIN_LIST_BITS
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii"), size


def decode_bits(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("not multibase base64url")
    text = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def status_list_credential(association, encoded_list: str, valid_from: str) -> dict:
    """The unsigned BitstringStatusListCredential of an association's revocations."""
    url = status_list_url(association)
    return {
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url(association),
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    }
