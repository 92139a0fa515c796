#!/usr/bin/env python3
"""Check that a webhook delivery came from Dyad: Python's standard library only.

    verify_webhook.py SECRET HEADER BODY_FILE     (exit 0 when genuine, 1 otherwise)

or from Python: `verify(secret, header, body)`. HEADER is the value of `Dyad-Signature`,
`t=<unix time>,v1=<hex>`, where the hex is HMAC-SHA256 under the webhook's secret of the bytes
`<t>.` followed by the raw request body. Refuse a timestamp older than five minutes (a replay).
"""

from __future__ import annotations

import hashlib
import hmac
import sys
import time

TOLERANCE_SECONDS = 300


def verify(secret: str, header: str, body: bytes, now: float | None = None) -> bool:
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts.get("v1", ""))


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    secret, header, path = argv[1:]
    with open(path, "rb") as handle:
        body = handle.read()
    genuine = verify(secret, header, body)
    print("genuine" if genuine else "NOT genuine")
    return 0 if genuine else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
