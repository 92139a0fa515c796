"""The revocation status list: a revoked or lapsed endorsement sets its bit, and a credential
issued before fails verification from then on."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.badges import crypto, documents, proofs, selectors, services
from dyad.badges.models import StatusEntry
from dyad.badges.services import issue_credential
from dyad.badges.verification import verify
from dyad.credentials.models import Endorsement
from dyad.credentials.services import lapse_endorsement, reinstate_endorsement, revoke_endorsement
from dyad.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha():
    return factories.make_association("alpha")


def issued(endorsement) -> dict:
    with scopes_disabled():
        return issue_credential(endorsement)


def bit(status_list: dict, index: int) -> bool:
    bits = documents.decode_bits(status_list["credentialSubject"]["encodedList"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def published_list(client, association) -> dict:
    response = client.get(reverse("badges:status_list", args=[association.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return response.json()


def test_revoking_sets_the_bit_and_the_credential_stops_verifying(client, alpha):
    endorsement = factories.make_endorsement(alpha, "Ana Núñez")
    other = factories.make_endorsement(alpha, "Bea Ortiz")
    credential, other_credential = issued(endorsement), issued(other)
    index = int(credential["credentialStatus"]["statusListIndex"])
    assert not bit(published_list(client, alpha), index)

    with scopes_disabled():
        revoke_endorsement(endorsement=endorsement, reason="sanction")
    status_list = published_list(client, alpha)
    assert bit(status_list, index)
    assert not bit(status_list, int(other_credential["credentialStatus"]["statusListIndex"]))
    assert verify(credential).problems == [
        "The issuer has withdrawn this credential: it was revoked or has lapsed."
    ]
    assert verify(other_credential).valid

    with scopes_disabled():
        reinstate_endorsement(endorsement=endorsement, reason="appeal upheld")
    assert not bit(published_list(client, alpha), index)
    assert verify(credential).valid


def test_a_lapsed_endorsement_sets_its_bit(client, alpha):
    endorsement = factories.make_endorsement(alpha, "Ana Núñez", status="lapsed")
    assert endorsement.status == Endorsement.Status.LAPSED
    credential = issued(endorsement)
    assert bit(
        published_list(client, alpha), int(credential["credentialStatus"]["statusListIndex"])
    )
    problems = verify(credential).problems
    assert "The issuer has withdrawn this credential: it was revoked or has lapsed." in problems


def test_an_endorsement_past_its_grace_period_is_marked_even_before_the_lapse_is_recorded(
    client, alpha
):
    endorsement = factories.make_endorsement(alpha, "Ana Núñez", status="lapsed")
    with scopes_disabled():
        # A lapse not recorded yet: the row still says active after its grace period.
        Endorsement.objects.filter(pk=endorsement.pk).update(status=Endorsement.Status.ACTIVE)
    credential = issued(endorsement)
    assert bit(
        published_list(client, alpha), int(credential["credentialStatus"]["statusListIndex"])
    )


def test_lapse_through_the_service_flips_the_bit(client, alpha):
    from datetime import timedelta

    from django.utils import timezone

    from dyad.credentials.models import grace_days

    expired = timezone.localdate() - timedelta(days=grace_days()["IFS"] + 1)
    endorsement = factories.make_endorsement(alpha, "Ana Núñez", "IFS", expires=expired)
    credential = issued(endorsement)
    index = int(credential["credentialStatus"]["statusListIndex"])
    with scopes_disabled():
        lapse_endorsement(endorsement=endorsement, reason="not renewed")
    assert bit(published_list(client, alpha), index)


def test_indexes_are_given_once_and_never_reused(alpha):
    first = factories.make_endorsement(alpha, "Ana")
    second = factories.make_endorsement(alpha, "Bea")
    a1, b1, a2 = issued(first), issued(second), issued(first)
    indexes = [int(c["credentialStatus"]["statusListIndex"]) for c in (a1, b1, a2)]
    assert indexes == [0, 1, 0]
    beta = factories.make_association("beta")
    assert (
        issued(factories.make_endorsement(beta, "Cy"))["credentialStatus"]["statusListIndex"] == "0"
    )
    with scopes_disabled():
        assert StatusEntry.objects.count() == 3


def test_the_status_list_is_signed_by_the_issuer_and_cached_until_it_changes(
    client, alpha, monkeypatch
):
    endorsement = factories.make_endorsement(alpha, "Ana")
    issued(endorsement)
    first = published_list(client, alpha)
    assert first["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert first["credentialSubject"]["statusPurpose"] == "revocation"
    assert len(documents.decode_bits(first["credentialSubject"]["encodedList"])) * 8 == 131_072
    with scopes_disabled():
        key = alpha.issuer_keys.get()
    public = crypto.public_key_from_multibase(key.public_key_multibase)
    assert proofs.signature_is_valid(first, public)
    signed, computed = [], []
    real_sign, real_compute = proofs.sign, selectors.revoked_indexes
    monkeypatch.setattr(proofs, "sign", lambda *a, **k: signed.append(1) or real_sign(*a, **k))
    monkeypatch.setattr(
        selectors, "revoked_indexes", lambda *a: computed.append(1) or real_compute(*a)
    )
    assert published_list(client, alpha) == first
    # Nothing changed: neither computed nor signed again.
    assert (signed, computed) == ([], [])
    with scopes_disabled():
        revoke_endorsement(endorsement=endorsement, reason="error")
    changed = published_list(client, alpha)
    assert changed["proof"] != first["proof"]
    assert (signed, computed) == ([1], [1])  # the revocation is seen at once
    assert proofs.signature_is_valid(changed, public)


@pytest.mark.parametrize("issued_count", [3, 30])
def test_the_status_list_costs_the_same_queries_whatever_its_size(
    client, alpha, issued_count, django_assert_max_num_queries
):
    for n in range(issued_count):
        endorsement = factories.make_endorsement(alpha, f"Holder {n}")
        with scopes_disabled():
            services.status_entry(endorsement)
    url = reverse("badges:status_list", args=[alpha.slug])
    with django_assert_max_num_queries(26):  # the first: key made, bits computed, signed
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(8):  # from the cache
        assert client.get(url).status_code == 200
