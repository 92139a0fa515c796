"""Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite (W3C "Data Integrity EdDSA
Cryptosuites v1.0", section 3.3).

To sign: the proof configuration is the proof without `proofValue`, with the document's
`@context`; both it and the document without its proof are canonicalized with RDFC-1.0; the data
signed is sha256(canonical proof configuration) followed by sha256(canonical document), signed
with Ed25519; `proofValue` is the signature in multibase base58btc.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import crypto
from .jsonld import canonicalize

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


class ProofError(Exception):
    """The proof is missing, malformed or of another kind (the message says which)."""


def _hash_data(document: dict, proof_config: dict) -> bytes:
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in proof_config.items() if k != "proofValue"}
    config["@context"] = document.get("@context")
    return (
        hashlib.sha256(canonicalize(config).encode()).digest()
        + hashlib.sha256(canonicalize(unsecured).encode()).digest()
    )


def sign(
    document: dict,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    *,
    created: datetime | None = None,
) -> dict:
    """A copy of `document` with an `assertionMethod` proof by `private_key`."""
    created = (created or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = private_key.sign(_hash_data(document, proof))
    proof["proofValue"] = crypto.multibase_base58btc(signature)
    return {**{k: v for k, v in document.items() if k != "proof"}, "proof": proof}


def proof_of(document: dict) -> dict:
    """The one eddsa-rdfc-2022 assertion proof of `document`, or ProofError."""
    proof = document.get("proof")
    if isinstance(proof, list):
        if len(proof) != 1:
            raise ProofError("The credential must carry exactly one proof.")
        proof = proof[0]
    if not isinstance(proof, dict):
        raise ProofError("The credential has no proof (it is not signed).")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError("The proof is not an eddsa-rdfc-2022 Data Integrity proof.")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("The proof is not made for issuing (assertionMethod).")
    for field in ("verificationMethod", "proofValue", "created"):
        if not isinstance(proof.get(field), str):
            raise ProofError(f"The proof has no {field}.")
    return proof


def signature_is_valid(document: dict, public_key: Ed25519PublicKey) -> bool:
    """Whether the proof's signature over `document` is by `public_key` (raises ProofError,
    and the JSON-LD errors of `canonicalize`)."""
    proof = proof_of(document)
    try:
        signature = crypto.from_multibase_base58btc(proof["proofValue"])
    except ValueError as error:
        raise ProofError("The proof value is not a base58btc multibase value.") from error
    try:
        public_key.verify(signature, _hash_data(document, proof))
    except InvalidSignature:
        return False
    return True
