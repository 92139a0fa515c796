"""Signing and checking credentials in Python: what a verifier would notice."""

from __future__ import annotations

import copy
import socket
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from dyad.badges import crypto, jsonld, proofs, verify
from dyad.badges.models import IssuerKey
from dyad.badges.services import current_key, issue_credential, rotate_key
from dyad.core.events import Event
from dyad.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def endorsement():
    association = factories.make_association("alpha", name="Alpha Association")
    return factories.make_endorsement(association, "Ana María Núñez", "IMHS")


def issued(endorsement) -> dict:
    with scopes_disabled():
        return issue_credential(endorsement)


def test_a_fresh_credential_says_who_holds_what_and_verifies(endorsement):
    credential = issued(endorsement)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"].endswith(f"/verify/{endorsement.number}")
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["name"].endswith("Infant Mental Health Specialist (IMHS)")
    assert "®" in achievement["name"]
    assert credential["validFrom"].startswith(endorsement.granted.isoformat())
    assert credential["validUntil"].startswith(endorsement.expires.isoformat())
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert credential["proof"]["proofValue"].startswith("z")
    result = verify(credential)
    assert (result.valid, result.problems) == (True, [])
    assert result.holder_name == "Ana María Núñez"
    assert result.issuer_name == "Alpha Association"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c["credentialSubject"]["identifier"][0].update(identityHash="Someone Else"),
        lambda c: c.update(validUntil="2099-12-31T23:59:59Z"),
        lambda c: c["credentialSubject"]["achievement"].update(name="Mentor"),
        lambda c: c["credentialStatus"].update(statusListIndex="7"),
        lambda c: c["proof"].update(created="2020-01-01T00:00:00Z"),
    ],
    ids=["name", "expiry", "category", "status-index", "proof-date"],
)
def test_any_change_after_signing_is_detected(endorsement, tamper):
    credential = issued(endorsement)
    tamper(credential)
    result = verify(credential)
    assert not result.valid
    assert result.problems == [
        "The signature does not match: the credential was changed after it was signed."
    ]


def test_a_field_added_outside_the_vocabulary_is_refused(endorsement):
    """JSON-LD would drop an undefined term from the signed data: refused, not ignored."""
    credential = issued(endorsement)
    credential["credentialSubject"]["endorsedUntil"] = "2099-01-01"
    result = verify(credential)
    assert not result.valid
    assert "endorsedUntil" in result.problems[0]


def test_a_credential_without_proof_or_from_elsewhere_is_not_valid(endorsement):
    credential = issued(endorsement)
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    assert verify(unsigned).problems == [
        "The credential is not signed: it has no proof Dyad can check."
    ]
    foreign = copy.deepcopy(credential)
    foreign["proof"]["verificationMethod"] = "https://issuer.example.org/keys/1"
    assert verify(foreign).problems == [
        "The credential was not signed with a key this site publishes."
    ]
    assert verify({"hello": "world"}).problems == ["This is not a verifiable credential."]


def test_another_association_cannot_claim_the_credential(endorsement):
    beta = factories.make_association("beta")
    credential = issued(endorsement)
    credential["issuer"]["id"] = credential["issuer"]["id"].replace("/alpha/", f"/{beta.slug}/")
    assert verify(credential).problems == [
        "The issuer named in the credential does not own the signing key."
    ]


def test_an_expired_or_future_credential_says_so(endorsement):
    credential = issued(endorsement)
    later = datetime.combine(endorsement.expires, datetime.min.time(), UTC) + timedelta(days=2)
    assert verify(credential, now=later).problems == [
        f"The credential expired on {endorsement.expires.isoformat()}."
    ]
    earlier = datetime.combine(endorsement.granted, datetime.min.time(), UTC) - timedelta(days=1)
    assert verify(credential, now=earlier).problems == [
        f"The credential is not valid yet: it starts on {endorsement.granted.isoformat()}."
    ]


def test_after_a_key_rotation_old_credentials_verify_and_new_ones_use_the_new_key(endorsement):
    before = issued(endorsement)
    with scopes_disabled():
        new_key = rotate_key(endorsement.association, reason="yearly")
    after = issued(endorsement)
    assert before["proof"]["verificationMethod"].endswith("/keys/1")
    assert after["proof"]["verificationMethod"].endswith(f"/keys/{new_key.serial}")
    assert new_key.serial == 2
    assert verify(before).valid and verify(after).valid
    with scopes_disabled():
        keys = IssuerKey.objects.filter(association=endorsement.association)
        assert [(k.serial, k.retired is None) for k in keys] == [(1, False), (2, True)]
        assert Event.objects.filter(verb="issuer_key.rotated").count() == 1


def test_a_retired_key_cannot_sign_after_its_retirement(endorsement):
    with scopes_disabled():
        old = current_key(endorsement.association)
        rotate_key(endorsement.association)
        old.refresh_from_db()
    credential = issued(endorsement)
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    late = proofs.sign(
        unsigned,
        old.private_key(),
        credential["proof"]["verificationMethod"].replace("/keys/2", "/keys/1"),
        created=old.retired + timedelta(minutes=5),
    )
    assert verify(late).problems == [
        "The credential was signed with a key retired before that date."
    ]


def test_the_private_key_is_stored_encrypted(endorsement, settings):
    with scopes_disabled():
        key = current_key(endorsement.association)
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_key_encrypted FROM badges_issuerkey WHERE id = %s", [key.pk])
        stored = bytes(cursor.fetchone()[0])
    raw = key.private_key().private_bytes_raw()
    assert raw not in stored
    assert key.public_key_multibase.startswith("z6Mk")  # Ed25519 Multikey
    settings.DYAD_KEY_ENCRYPTION_KEY = "another key entirely"
    with pytest.raises(crypto.KeyDecryptionFailed):
        key.private_key()


def test_signing_and_verifying_never_touch_the_network(endorsement, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    credential = issued(endorsement)
    assert verify(credential).valid


def test_a_context_that_is_not_bundled_is_refused_not_fetched(endorsement):
    with pytest.raises(jsonld.ContextNotBundled):
        jsonld.load_document("https://example.org/some-context.json")
    credential = issued(endorsement)
    credential["@context"] = [*credential["@context"], "https://example.org/extra.json"]
    assert verify(credential).problems == [
        "The credential uses a vocabulary Dyad does not issue with."
    ]


def test_odd_shapes_get_a_plain_answer_not_an_error(endorsement):
    credential = issued(endorsement)
    deep: dict = {}
    inner = deep
    for _ in range(3000):
        inner["name"] = {}
        inner = inner["name"]
    for change in (
        {"@context": 5},
        {"id": 5},
        {"name": {"@value": "x", "@language": 5}},
        {"credentialSubject": deep},
    ):
        result = verify({**copy.deepcopy(credential), **change})
        assert not result.valid and len(result.problems) == 1, change
    as_list = {**credential, "credentialStatus": [credential["credentialStatus"]]}
    assert verify(as_list).valid  # the same signed statement, written as a list of one
