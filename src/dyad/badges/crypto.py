"""Ed25519 keys of the issuers: Multikey encoding and the encryption of private keys at rest.

A private key is stored encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from
`cryptography`) under a key derived by HKDF-SHA256 from `settings.DYAD_KEY_ENCRYPTION_KEY`
(which defaults to SECRET_KEY): a copy of the database alone cannot sign credentials.
"""

from __future__ import annotations

import base64

import base58
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

#: The multicodec prefix of an Ed25519 public key (0xed, as an unsigned varint: 0xed 0x01).
ED25519_PUBLIC_PREFIX = b"\xed\x01"
RAW = serialization.Encoding.Raw


class KeyDecryptionFailed(Exception):
    """A stored private key does not open with the current DYAD_KEY_ENCRYPTION_KEY."""


def _fernet() -> Fernet:
    secret = settings.DYAD_KEY_ENCRYPTION_KEY.encode()
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"dyad.badges", info=b"issuer keys"
    ).derive(secret)
    return Fernet(base64.urlsafe_b64encode(derived))


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_bytes(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(RAW, serialization.PublicFormat.Raw)


def encrypt_private_key(private_key: Ed25519PrivateKey) -> bytes:
    raw = private_key.private_bytes(
        RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return _fernet().encrypt(raw)


def decrypt_private_key(token: bytes) -> Ed25519PrivateKey:
    try:
        return Ed25519PrivateKey.from_private_bytes(_fernet().decrypt(bytes(token)))
    except InvalidToken as error:
        raise KeyDecryptionFailed(
            "The issuer key does not open with DYAD_KEY_ENCRYPTION_KEY: was it changed?"
        ) from error


def multibase_base58btc(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode("ascii")


def from_multibase_base58btc(text: str) -> bytes:
    """Bytes of a base58btc multibase string; ValueError when it is not one."""
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("not a base58btc multibase value")
    return base58.b58decode(text[1:].encode("ascii"))


def public_key_multibase(public_key: bytes) -> str:
    """The Multikey `publicKeyMultibase` of a raw 32-byte Ed25519 public key (`z6Mk...`)."""
    return multibase_base58btc(ED25519_PUBLIC_PREFIX + public_key)


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    raw = from_multibase_base58btc(text)
    if not raw.startswith(ED25519_PUBLIC_PREFIX) or len(raw) != 34:
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])
