"""Verifiable credentials: each endorsement as an Open Badges 3.0 credential (W3C VC 2.0) signed
with its association's Ed25519 key (Data Integrity, eddsa-rdfc-2022), with a revocation status
list. `dyad.badges.verify(document)` checks one."""

from __future__ import annotations

from typing import Any


def verify(document: Any, **options: Any) -> Any:
    """`verification.verify`: the result has `valid` and `problems` (plain sentences)."""
    from .verification import verify as verify_document  # models load after the app registry

    return verify_document(document, **options)
