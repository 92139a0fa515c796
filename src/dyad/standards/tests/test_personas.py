"""Persona portfolios with outcomes written by hand from docs/rules.md (personas/)."""

import json
from datetime import date
from pathlib import Path

import pytest

from dyad.standards import evaluate, load_portfolio

HERE = Path(__file__).parent / "personas"
EXPECTED = json.loads((HERE / "expected.json").read_text())
AS_OF = date(2026, 6, 30)
CASES = [
    (name, mode, category, unmet)
    for name, spec in EXPECTED.items()
    if not name.startswith("_")
    for mode in ("application", "renewal")
    for category, unmet in spec.get(mode, {}).items()
]


def test_there_are_at_least_twelve_personas():
    assert len({c[0] for c in CASES}) >= 12


@pytest.mark.parametrize(
    ("name", "mode", "category", "unmet"), CASES, ids=[f"{c[0]}-{c[2]}-{c[1]}" for c in CASES]
)
def test_persona_outcome(name, mode, category, unmet):
    portfolio = load_portfolio(str(HERE / f"{name}.json"))
    a = evaluate(portfolio, category, AS_OF, renewal=mode == "renewal")
    assert [f.rule for f in a.findings if not f.met] == unmet, [f.message for f in a.findings]
    assert a.status == ("eligible" if not unmet else "not_eligible")
