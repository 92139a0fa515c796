"""Dyad's credentials verify with software no one here wrote (issue 15, "Independent
verification"): Digital Bazaar's @digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite and the
Bitstring Status List checker, run by tests/interop/verify.mjs against the live test server.

Not skipped when Node or the packages are missing: it fails, saying what to install."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from dyad.badges.services import issue_credential, rotate_key
from dyad.credentials.services import revoke_endorsement
from dyad.testing import factories

INTEROP = Path(__file__).resolve().parents[4] / "tests" / "interop"

pytestmark = pytest.mark.django_db(transaction=True)


def run_verifier(site_url: str, credential: dict, tmp_path: Path) -> tuple[int, dict]:
    node = shutil.which("node")
    assert node, "The interop verifier needs Node.js: apt-get install -y nodejs npm"
    assert (INTEROP / "node_modules" / "@digitalbazaar" / "vc").is_dir(), (
        "The interop verifier's packages are missing: run `npm ci --prefix tests/interop`"
    )
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(credential))
    done = subprocess.run(
        [node, str(INTEROP / "verify.mjs"), site_url, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


@pytest.fixture
def site(live_server, settings):
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def endorsement(db):
    association = factories.make_association("alpha", name="Alpha Association for IMH")
    return factories.make_endorsement(association, "Ana María Núñez", "IFS")


def issued(endorsement) -> dict:
    with scopes_disabled():
        return issue_credential(endorsement)


def test_a_fresh_credential_verifies(site, endorsement, tmp_path):
    code, result = run_verifier(site, issued(endorsement), tmp_path)
    assert (code, result["verified"]) == (0, True), result


def test_a_changed_name_fails_the_signature(site, endorsement, tmp_path):
    credential = issued(endorsement)
    credential["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    code, result = run_verifier(site, credential, tmp_path)
    assert (code, result["verified"]) == (1, False)
    assert any("Invalid signature" in e for e in result["errors"]), result


def test_a_revoked_credential_fails_its_status_check(site, endorsement, tmp_path):
    credential = issued(endorsement)
    with scopes_disabled():
        revoke_endorsement(endorsement=endorsement, reason="sanction")
    code, result = run_verifier(site, credential, tmp_path)
    assert (code, result["verified"]) == (1, False)
    assert any(e.startswith("status:") and "revoked" in e for e in result["errors"]), result


def test_a_credential_signed_before_a_key_rotation_still_verifies(site, endorsement, tmp_path):
    before = issued(endorsement)
    with scopes_disabled():
        rotate_key(endorsement.association, reason="yearly rotation")
    after = issued(endorsement)
    assert before["proof"]["verificationMethod"] != after["proof"]["verificationMethod"]
    for credential in (before, after):
        code, result = run_verifier(site, credential, tmp_path)
        assert (code, result["verified"]) == (0, True), result
