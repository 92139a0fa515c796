"""The random audit draw: reproducible from what it records.

A draw is a random `seed` (made with `secrets`, so nobody can choose or predict it) and the
association's `share` at that moment. The `value` is the first 8 bytes of SHA-256 of the seed,
read as a number in [0, 1): the renewal is drawn when the value is below the share. The three are
kept on the renewal (`Renewal.draw`), so anyone can re-run `value_of(seed)` and check the result:

    python -c "import hashlib; print(int.from_bytes(hashlib.sha256(b'SEED').digest()[:8]) / 2**64)"
"""

from __future__ import annotations

import hashlib
import secrets
from decimal import Decimal


def value_of(seed: str) -> float:
    """The draw's number in [0, 1) for `seed`: the same seed always gives the same number."""
    return int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big") / 2**64


def is_drawn(value: float, share: Decimal | float | str) -> bool:
    return value < float(share)


def new_draw(share: Decimal | float | str, seed: str | None = None) -> dict:
    """A draw at `share` (a fresh random seed unless one is given), as recorded."""
    seed = seed or secrets.token_hex(16)
    value = value_of(seed)
    return {
        "seed": seed,
        "share": str(share),
        "value": value,
        "drawn": is_drawn(value, share),
        "method": "sha256(seed)[:8] / 2**64 < share",
    }


def rerun(draw: dict) -> bool:
    """Whether a recorded draw picked its renewal, computed again from its seed and share (the
    recorded value is not trusted)."""
    return is_drawn(value_of(draw["seed"]), draw["share"])
