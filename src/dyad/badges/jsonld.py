"""JSON-LD for the credentials: the bundled contexts and RDF canonicalization (RDFC-1.0).

PyLD gets a document loader that serves only the contexts in `contexts/` (see its README); any
other URL raises `ContextNotBundled`, so a document naming an unknown context fails to verify
instead of making Dyad fetch it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"

BUNDLED = {
    CREDENTIALS_V2: "credentials-v2.json",
    OB_V3: "ob-v3p0-context-3.0.3.json",
    MULTIKEY_V1: "multikey-v1.json",
    DID_V1: "did-v1.json",
}


class ContextNotBundled(Exception):
    """A document names a context Dyad does not carry (it never fetches one)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


@cache
def bundled_context(url: str) -> dict:
    return json.loads((CONTEXTS_DIR / BUNDLED[url]).read_text())


def load_document(url: str, options: dict | None = None) -> dict:
    """PyLD's document loader: the bundled contexts, nothing from the network."""
    if url not in BUNDLED:
        raise ContextNotBundled(url)
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": bundled_context(url),
    }


class UndefinedTerm(Exception):
    """A property the contexts do not define: JSON-LD would drop it silently, so a value could
    be added to a signed document unnoticed. Refused, as Digital Bazaar's "safe mode" does."""

    def __init__(self, term: str | None) -> None:
        super().__init__(term or "")
        self.term = term or ""


def _refuse_dropped(term: str | None) -> None:
    raise UndefinedTerm(term)


def canonicalize(document: dict) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of `document`.

    Raises `ContextNotBundled` for an unknown context, `UndefinedTerm` for a property no context
    defines, and `jsonld.JsonLdError` for a document that is not valid JSON-LD."""
    processor = jsonld.JsonLdProcessor(on_property_dropped=_refuse_dropped)
    try:
        return processor.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": load_document,
            },
        )
    except jsonld.JsonLdError as error:
        cause = _cause(error)
        if cause is not None:
            raise cause from error
        raise


def _cause(error: BaseException) -> BaseException | None:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ContextNotBundled | UndefinedTerm):
            return seen
        seen = getattr(seen, "cause", None) or seen.__cause__
    return None
