"""The credential's pages and documents: who may download it, the public issuer documents, the
"verify a credential file" page, and `dyad credential export`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.badges.forms import MAX_BYTES
from dyad.badges.services import issue_credential, rotate_key
from dyad.badges.verification import verify
from dyad.core.events import Event, describe
from dyad.testing import factories
from dyad.testing.fixtures import VISITOR_IDS, VISITORS, visitor

pytestmark = pytest.mark.django_db

VERBS = ("issuer_key.created", "issuer_key.rotated", "verifiable_credential.first_issued")


@pytest.fixture
def endorsement(two_associations):
    """Alpha's endorsement, held by the `applicant` of two_associations."""
    return factories.make_endorsement(
        two_associations["alpha"]["association"],
        "Ana Núñez",
        holder=two_associations["applicant"],
    )


def issued(endorsement) -> dict:
    with scopes_disabled():
        return issue_credential(endorsement)


@pytest.mark.parametrize(("who", "role"), VISITORS, ids=VISITOR_IDS)
def test_only_the_holder_and_alphas_staff_can_download_the_credential(
    client, two_associations, endorsement, who, role
):
    user = visitor(two_associations, who, role)
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("badges:credential_json", kwargs={"number": endorsement.number}))
    allowed = who in ("alpha", "applicant")  # the applicant is the holder
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert (
            response["Content-Disposition"] == f'attachment; filename="{endorsement.number}.json"'
        )
        assert "Ana Núñez" in response.content.decode()
        assert verify(json.loads(response.content)).valid


def test_another_person_and_an_unknown_number_get_404(client, endorsement):
    client.force_login(factories.make_user())
    url = reverse("badges:credential_json", kwargs={"number": endorsement.number})
    assert client.get(url).status_code == 404
    client.force_login(endorsement.holder)
    missing = reverse("badges:credential_json", kwargs={"number": "NO-SUCH-1"})
    assert client.get(missing).status_code == 404


def test_the_issuer_document_publishes_current_and_retired_keys(client, endorsement):
    association = endorsement.association
    first = issued(endorsement)
    with scopes_disabled():
        rotate_key(association)
    response = client.get(reverse("badges:issuer", args=[association.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["id"] == first["issuer"]["id"]
    key_ids = [m["id"] for m in document["verificationMethod"]]
    assert document["assertionMethod"] == key_ids
    assert [k.rsplit("/", 1)[-1] for k in key_ids] == ["1", "2"]
    assert first["proof"]["verificationMethod"] == key_ids[0]

    key = client.get(reverse("badges:key", args=[association.slug, 1])).json()
    assert key["type"] == "Multikey"
    assert key["controller"] == document["id"]
    assert key["publicKeyMultibase"].startswith("z6Mk")


def test_public_documents_of_unknown_issuers_or_keys_are_404(client, endorsement):
    issued(endorsement)
    assert client.get(reverse("badges:issuer", args=["nobody"])).status_code == 404
    assert client.get(reverse("badges:status_list", args=["nobody"])).status_code == 404
    slug = endorsement.association.slug
    assert client.get(reverse("badges:key", args=[slug, 9])).status_code == 404
    other = factories.make_association("gamma")
    assert client.get(reverse("badges:key", args=[other.slug, 1])).status_code == 404


def post_verify(client, **data):
    return client.post(reverse("badges:verify_file"), data)


def credential_file(document, name="credential.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(document).encode(), "application/json")


def test_the_verify_page_says_a_real_credential_is_valid(client, endorsement, settings):
    page = client.get(reverse("badges:verify_file"))
    assert page.status_code == 200
    assert "Verify a credential file" in page.content.decode()
    html = post_verify(client, file=credential_file(issued(endorsement))).content.decode()
    assert "Valid credential" in html
    assert "Ana Núñez" in html
    assert f'href="{settings.SITE_URL}/verify/{endorsement.number}"' in html
    pasted = post_verify(client, text=json.dumps(issued(endorsement))).content.decode()
    assert "Valid credential" in pasted


def test_the_verify_page_says_why_a_changed_credential_is_not_valid(client, endorsement):
    credential = issued(endorsement)
    credential["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"
    html = post_verify(client, file=credential_file(credential)).content.decode()
    assert "Not valid" in html
    assert "the credential was changed after it was signed" in html


def test_the_verify_page_says_a_revoked_credential_was_withdrawn(client, endorsement):
    from dyad.credentials.services import revoke_endorsement

    credential = issued(endorsement)
    with scopes_disabled():
        revoke_endorsement(endorsement=endorsement, reason="sanction")
    html = post_verify(client, text=json.dumps(credential)).content.decode()
    assert "The issuer has withdrawn this credential" in html
    assert "current status on its verification page" in html


def test_the_verify_page_explains_input_that_is_not_a_credential(client):
    html = post_verify(client, file=SimpleUploadedFile("c.json", b"%PDF-1.7 not json")).content
    assert "This is not JSON, so it cannot be a credential." in html.decode()
    typed = post_verify(client, text="{not json").content.decode()
    assert "This is not JSON" in typed
    assert "{not json" in typed  # what was typed stays in the box
    assert (
        "This is not a verifiable credential."
        in post_verify(client, text="[1, 2]").content.decode()
    )
    nested = post_verify(client, text="[" * 30_000 + "]" * 30_000)
    assert nested.status_code == 200 and "This is not JSON" in nested.content.decode()
    empty = post_verify(client).content.decode()
    assert "Choose the credential file, or paste its text." in empty


def test_the_verify_page_refuses_oversized_input(client):
    big = SimpleUploadedFile("big.json", b"{" + b" " * MAX_BYTES + b"}")
    html = post_verify(client, file=big).content.decode()
    assert "The file is larger than 64 KB" in html
    long_text = post_verify(client, text="{" + " " * MAX_BYTES + "1}").content.decode()
    assert "The text is longer than 64 KB" in long_text


def test_the_verify_page_needs_a_csrf_token(endorsement):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("badges:verify_file"), {"text": "{}"})
    assert response.status_code == 403


def test_the_verify_page_is_rate_limited(client, settings):
    settings.DYAD_RATE_LIMITS = {
        **settings.DYAD_RATE_LIMITS,
        "verify_credential_file": {"address": "2/10m", "account": "2/10m"},
    }
    assert [post_verify(client, text="{}").status_code for _ in range(3)] == [200, 200, 429]


def test_export_prints_one_signed_credential(endorsement):
    out = io.StringIO()
    call_command("credential", "export", endorsement.number, stdout=out)
    document = json.loads(out.getvalue())
    assert document["id"].endswith(endorsement.number)
    assert verify(document).valid
    with pytest.raises(CommandError, match="No endorsement has the number"):
        call_command("credential", "export", "NOPE-1", stdout=io.StringIO())


def test_rotate_key_from_the_command_line(endorsement):
    before = issued(endorsement)
    out = io.StringIO()
    call_command("credential", "rotate-key", "alpha", "--reason", "yearly", stdout=out)
    assert out.getvalue().strip() == "alpha: key 2 signs from now on."
    after = issued(endorsement)
    assert after["proof"]["verificationMethod"].endswith("/keys/2")
    assert verify(before).valid and verify(after).valid
    with pytest.raises(CommandError, match="No association has the slug"):
        call_command("credential", "rotate-key", "nobody", stdout=io.StringIO())


def test_key_and_first_issue_events_read_in_plain_words(endorsement):
    issued(endorsement)
    issued(endorsement)  # a second download: no second place in the list, no second event
    with scopes_disabled():
        rotate_key(endorsement.association, reason="yearly")
        events = list(Event.objects.filter(verb__in=VERBS).order_by("pk"))
    assert [describe(e) for e in events] == [
        f"Verifiable credential for endorsement {endorsement.number} issued for the first time",
        "Signing key 1 created for the verifiable credentials",
        "Signing key replaced: key 2 signs new credentials",
    ]
