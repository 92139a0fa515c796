"""The bundled JSON-LD contexts are exactly those of the npm packages the interop verifier uses
(tests/interop/contexts.cjs names each one), so Dyad and outside verifiers read the same
vocabulary."""

from __future__ import annotations

import json
import shutil
import subprocess

from dyad.badges import jsonld

from .test_interop import INTEROP

PRINT = (
    "const {CONTEXTS} = require('./contexts.cjs');"
    "console.log(JSON.stringify(Object.fromEntries(CONTEXTS.map(c => [c.url, c.load()]))));"
)


def test_bundled_contexts_match_their_npm_packages():
    node = shutil.which("node")
    assert node, "Node.js is needed: apt-get install -y nodejs npm"
    assert (INTEROP / "node_modules").is_dir(), "run `npm ci --prefix tests/interop`"
    done = subprocess.run(
        [node, "-e", PRINT], cwd=INTEROP, capture_output=True, text=True, check=True
    )
    from_npm = json.loads(done.stdout)
    assert set(from_npm) == set(jsonld.BUNDLED)
    for url in jsonld.BUNDLED:
        assert jsonld.bundled_context(url) == from_npm[url], url
