"""Bad input never costs the server: every file gets facts or a clear error, cheaply."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.standards import PortfolioError, load_portfolio_bytes, plan
from dyad.standards.portfolio_file import MAX_PROBLEMS, portfolio_from_document

from .builders import doc
from .schema_strategies import damaged_documents, json_values, schema_documents

ENTRY = {"title": "t", "date": "2024-01-01", "minutes": 60, "imh_specific": True}


def problems(data: bytes) -> list[str]:
    with pytest.raises(PortfolioError) as caught:
        load_portfolio_bytes(data)
    return caught.value.lines()


def encode(document) -> bytes:
    return json.dumps(document).encode()


def test_a_long_list_is_refused_by_its_length_before_its_entries_are_read():
    entry = {**ENTRY, "a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
    data = encode(doc(training=[entry] * 40_000))
    assert len(data) < 5 * 1024 * 1024
    # Only the length is reported: no entry was read (the bench measures what it costs).
    assert problems(data) == ["/training: has 40,000 entries; at most 2,000 are allowed"]


def test_problems_are_listed_up_to_a_bound_then_counted():
    entry = {**ENTRY, "a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
    lines = problems(encode(doc(training=[entry] * 150)))
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == "/training/0/a: is not a known field"
    assert lines[-1] == "… and 730 more problems not listed"


def test_past_the_counting_bound_it_says_more_than():
    entry = {**ENTRY, "a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
    lines = problems(encode(doc(training=[entry] * 1000)))
    assert lines[-1] == "… and more than 980 more problems not listed"


@pytest.mark.parametrize("where", ["person/name", "training/0/title", "key"])
def test_an_unpaired_surrogate_is_named_not_a_crash(where):
    if where == "key":
        text = '{"format": "dyad-portfolio/1", "person": {"name": "x", "\\ud800": 1}}'
        expected = "/person: has a field name with an unpaired surrogate"
    elif where == "person/name":
        text = '{"format": "dyad-portfolio/1", "person": {"name": "a\\ud800b"}}'
        expected = "/person/name: contains an unpaired surrogate"
    else:
        text = json.dumps(doc(training=[{**ENTRY, "title": "SURROGATE"}]))
        text = text.replace("SURROGATE", "\\udfff")
        expected = "/training/0/title: contains an unpaired surrogate"
    assert any(line.startswith(expected) for line in problems(text.encode()))


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        (7, "must be at most 525,600 minutes (a year)"),
        (19, "must be at most 525,600 minutes (a year)"),
        (400, "must be a positive whole number"),
        (4_000, "must be a positive whole number"),
        (5_000, "must be a positive whole number"),
    ],
)
def test_a_number_with_thousands_of_digits_is_a_clear_problem(digits, expected):
    text = json.dumps(doc(training=[{**ENTRY, "minutes": 12345}])).replace("12345", "9" * digits)
    assert problems(text.encode()) == [f"/training/0/minutes: {expected}"]


def test_huge_hours_and_nan_are_refused():
    text = json.dumps(doc(training=[{**ENTRY, "minutes": 12345}])).replace("12345", "1e999")
    assert problems(text.encode()) == ["/training/0/minutes: must be a positive whole number"]
    text = text.replace("1e999", "NaN")
    assert problems(text.encode()) == ["/: is not valid JSON: NaN is not a number JSON allows"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"])
def test_dates_at_the_extremes_are_refused_with_the_range(day):
    work = {
        "id": "w",
        "start": day,
        "end": None,
        "hours_per_week": 40,
        "paid": True,
        "kind": "promotion",
        "participants": "none",
        "population": {"min_months": 0, "max_months": 12},
    }
    lines = problems(encode(doc(training=[{**ENTRY, "date": day}], work=[work])))
    assert lines == [
        "/training/0/date: must be a date from 1900-01-01 to 2199-12-31",
        "/work/0/start: must be a date from 1900-01-01 to 2199-12-31",
    ]


def test_dates_at_the_edges_of_the_range_are_assessed():
    work = {
        "id": "w",
        "start": "1900-01-01",
        "end": "2199-12-31",
        "hours_per_week": 40,
        "paid": True,
        "kind": "intervention",
        "participants": "child_and_caregiver",
        "population": {"min_months": 0, "max_months": 12},
    }
    portfolio = load_portfolio_bytes(encode(doc(work=[work])))
    for as_of in (date(1900, 1, 1), date(2199, 12, 31)):
        assert plan(portfolio, as_of).categories


def test_the_engine_refuses_an_assessment_date_out_of_range_in_a_sentence():
    portfolio = load_portfolio_bytes(encode(doc()))
    with pytest.raises(ValueError, match="must be a date from 1900-01-01 to 2199-12-31"):
        plan(portfolio, date(1, 1, 1))


def accepted_or_clear(document) -> None:
    """The only outcomes: facts that the engine can plan on, or problems named by pointer."""
    try:
        portfolio = portfolio_from_document(document)
    except PortfolioError as exc:
        assert exc.problems
        for pointer, message in exc.problems:
            assert pointer == "" or pointer.startswith("/")
            assert message and "Traceback" not in message
        return
    plan(portfolio, date(2026, 6, 30))


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(schema_documents())
def test_documents_drawn_from_the_schema_give_a_plan_or_a_clear_error(document):
    accepted_or_clear(document)


@SETTINGS
@given(st.one_of(damaged_documents(), json_values))
def test_damaged_or_arbitrary_json_gives_a_plan_or_a_clear_error(document):
    accepted_or_clear(document)


def test_every_sentence_the_schema_names_is_a_translatable_message():
    from dyad.standards.messages import TEMPLATES
    from dyad.standards.portfolio_file import schema

    said: list[str] = []
    stack = [schema()]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            value = node.get("x-dyad-problem")
            said += list(value.values()) if isinstance(value, dict) else [value] if value else []
            stack += list(node.values())
        elif isinstance(node, list):
            stack += node
    file_templates = {t for c, t in TEMPLATES.items() if c.startswith("file.")}
    assert said and set(said) <= file_templates, set(said) - file_templates


def test_problems_render_in_the_readers_language_and_in_english_on_the_command_line():
    with pytest.raises(PortfolioError) as caught:
        load_portfolio_bytes(encode(doc(training=[{**ENTRY, "minutes": 0, "x": 1}])))
    error = caught.value
    assert error.lines() == [
        "/training/0/minutes: must be a positive whole number",
        "/training/0/x: is not a known field",
    ]
    spanish = {"must be a positive whole number": "debe ser un número entero positivo"}
    assert error.lines(lambda t: spanish.get(t, t))[0] == (
        "/training/0/minutes: debe ser un número entero positivo"
    )


@pytest.mark.parametrize("key", ["¹", "٣", "10", "²0"])
def test_unknown_fields_named_by_any_digits_are_listed_in_order(key):
    """Found by the property test: a field named '¹' (a digit to str.isdigit, not to int)."""
    lines = problems(encode({**doc(), key: None, "zz": 1}))
    assert f"/{key}: is not a known field" in lines
    assert "/zz: is not a known field" in lines
