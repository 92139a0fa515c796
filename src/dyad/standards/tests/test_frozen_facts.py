"""A snapshot keeps the facts themselves, refs included: frozen and thawed, a portfolio is the
same portfolio, so the frozen assessment's citations still name its entries."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given

from dyad.standards import codes, evaluate
from dyad.standards.frozen import portfolio_from_dict, portfolio_to_dict
from dyad.standards.portfolio_file import load_portfolio_bytes, portfolio_from_document

from .test_properties import SETTINGS, portfolios

PERSONAS = sorted((Path(__file__).parent / "personas").glob("*.json"))


@SETTINGS
@given(portfolios())
def test_any_portfolio_survives_json_and_back_exactly(document):
    original = portfolio_from_document(document)
    thawed = portfolio_from_dict(json.loads(json.dumps(portfolio_to_dict(original))))
    assert thawed == original
    assert thawed.providers_by_id.keys() == original.providers_by_id.keys()


@pytest.mark.parametrize("path", [p for p in PERSONAS if p.name != "expected.json"], ids=str)
def test_a_thawed_persona_assesses_as_the_original(path):
    original = load_portfolio_bytes(path.read_bytes())
    thawed = portfolio_from_dict(json.loads(json.dumps(portfolio_to_dict(original))))
    for category in ("IFS", "IMHS", "ECMHS"):
        assert evaluate(thawed, category, date(2026, 6, 30)) == evaluate(
            original, category, date(2026, 6, 30)
        )


def test_the_frozen_facts_keep_refs_and_values_a_file_drops():
    original = portfolio_from_document(
        {
            "format": "dyad-portfolio/1",
            "person": {"name": "Ana"},
            "training": [
                {"title": "Intro", "date": "2025-01-10", "minutes": 90, "imh_specific": False}
            ],
        }
    )
    data = portfolio_to_dict(original)
    assert data["training"][0]["ref"] == original.training[0].ref
    assert data["training"][0]["imh_specific"] is False
    assert "providers_by_id" not in data


def test_another_format_is_refused():
    with pytest.raises(ValueError, match="frozen portfolio"):
        portfolio_from_dict({"format": "dyad-portfolio/1", "name": "x"})


def test_every_category_code_is_known_to_the_engine():
    # the snapshot stores category codes as they are; a thawed one must still evaluate
    assert set(codes.CATEGORIES) >= {"IFS", "IMHS", "ECMHS"}
