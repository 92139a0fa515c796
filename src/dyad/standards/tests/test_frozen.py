"""An assessment can be frozen: to_dict/from_dict round trip losslessly, and the full form is
described by the published schema. Findings carry message codes that render in any language."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dyad.standards import codes, evaluate
from dyad.standards.findings import Assessment
from dyad.standards.messages import LIST_JOINERS, TEMPLATES, Message, m, render
from dyad.standards.portfolio_file import portfolio_from_document

from .builders import assess, doc, job, provider, sessions
from .test_properties import SETTINGS, portfolios, validator


@SETTINGS
@given(portfolios(), st.sampled_from(codes.CATEGORIES), st.booleans())
def test_an_assessment_survives_json_and_back_exactly(document, category, renewal):
    original = assess(document, category, renewal=renewal)
    frozen = json.dumps(original.to_dict())
    thawed = Assessment.from_dict(json.loads(frozen))
    assert thawed == original
    assert thawed.to_dict() == original.to_dict()
    validator().validate(json.loads(frozen))


def test_the_frozen_form_keeps_what_a_reviewer_needs_years_later():
    portfolio = portfolio_from_document(
        doc(
            work=[job("w1", start="2019-01-01"), job("w2", start="2020-01-01", paid=False)],
            rsc_providers=[provider("p1")],
            rsc=sessions(3, date(2021, 1, 1)),
            education=[{"level": "master", "completed": "2015-05-15", "related_field": True}],
        )
    )
    a = evaluate(portfolio, "IMHS", date(2026, 6, 30))
    data = json.loads(json.dumps(a.to_dict()))
    assert data["category_name"] == "Infant Mental Health Specialist"
    assert data["requirement_set_version"] == 1
    work = next(f for f in data["findings"] if f["rule"] == "work")
    assert work["exact"] == a.finding("work").exact  # not the rounded "have"
    assert {
        "ref": "/work/1",
        "code": "excluded.unpaid",
        "params": {},
        "text": "is unpaid",
    } in work["excluded"]
    assert [(n["ref"], n["code"]) for n in work["review_points"]] == [
        ("/work/0", "months.review_practice")
    ]
    # the contract's top-level list of review points is still there, as sentences
    assert data["review_points"] == [
        "/work/0: relationship focus and attention to attachment and loss are as stated; "
        "a reviewer confirms"
    ]
    rsc = next(f for f in data["findings"] if f["rule"] == "rsc_received")
    assert {n["code"] for n in rsc["excluded"]} == {"excluded.older_than"}
    assert Assessment.from_dict(data).finding("rsc_received").excluded_reasons[0] == (
        "/rsc/0",
        "is older than 24 months",
    )


def test_refs_are_whatever_the_builder_gave_so_a_database_row_is_cited_by_its_id():
    import dataclasses

    education = [{"level": "master", "completed": "2015-05-15", "related_field": True}]
    portfolio = portfolio_from_document(
        doc(work=[job("w1", start="2019-01-01")], education=education)
    )
    renamed = dataclasses.replace(
        portfolio,
        work=tuple(dataclasses.replace(w, ref="work_experience:812") for w in portfolio.work),
    )
    finding = evaluate(renamed, "IMHS", date(2026, 6, 30)).finding("work")
    assert finding.evidence == ("work_experience:812",)
    assert finding.review_points[0].ref == "work_experience:812"


def test_a_portfolio_is_built_with_its_provider_index_and_not_otherwise():
    from dyad.standards.facts import Portfolio, Provider

    p = Provider("/rsc_providers/0", "p1", "Dr. Lee")
    assert Portfolio.build(name="x", providers=(p,)).providers_by_id["p1"] is p
    with pytest.raises(ValueError, match=r"Portfolio\.build"):
        Portfolio(name="x", providers=(p,))
    import dataclasses

    built = Portfolio.build(name="x", providers=(p,))
    other = Provider("/rsc_providers/0", "p1", "Dr. Lee", degree="master")
    with pytest.raises(ValueError, match=r"Portfolio\.build"):  # a stale index is refused
        dataclasses.replace(built, providers=(other,))


def mark(text: str) -> str:
    """A stand-in translation: every template goes through it, visibly."""
    return f"«{text}»"


def test_every_finding_renders_through_the_translation_function():
    a = evaluate(
        portfolio_from_document(doc(work=[job("w1", start="2019-01-01", kind="policy")])),
        "IMHS",
        date(2026, 6, 30),
    )
    for f in a.findings:
        english = render(f.explanation)
        assert english == f.message
        translated = render(f.explanation, mark)
        assert translated.startswith("«") and translated.endswith("»")
        assert translated.replace("«", "").replace("»", "") == english
        assert render(f.title, mark) == f"«{render(f.title)}»"


def test_numbers_render_in_the_readers_format():
    message = m("training.unmet", have=6.5, need=30.0, to_go=23.5, what=m("training.what_any"))
    assert render(message) == "6.5 of 30 training hours; 23.5 to go"
    comma = render(message, number=lambda v: f"{v:g}".replace(".", ","))
    assert comma == "6,5 of 30 training hours; 23,5 to go"


def test_lists_join_with_translated_joiners():
    kinds = Message(
        "list.or", {"items": (m("kind.promotion"), m("kind.prevention"), m("kind.policy"))}
    )
    assert render(kinds) == "promotion, prevention or policy"
    assert render(Message("list.or", {"items": (m("kind.policy"),)})) == "policy"
    spanish = {"%(a)s or %(b)s": "%(a)s o %(b)s", "promotion": "promoción", "policy": "políticas"}
    items = (m("kind.promotion"), m("kind.policy"))
    assert render(Message("list.or", {"items": items}), lambda t: spanish.get(t, t)) == (
        "promoción o políticas"
    )


def test_an_unknown_code_is_refused_when_made():
    with pytest.raises(KeyError):
        Message("training.typo")


def test_every_template_names_its_parameters_with_python_format():
    import re

    for code, template in {**TEMPLATES, **{k: v[1] for k, v in LIST_JOINERS.items()}}.items():
        assert "{" not in template, code
        assert not re.search(r"%(?!\()", template.replace("%%", "")), code


def frozen_example() -> dict:
    portfolio = portfolio_from_document(
        doc(work=[job("w1", start="2019-01-01", paid=False)], training=[])
    )
    return json.loads(json.dumps(evaluate(portfolio, "IMHS", date(2026, 6, 30)).to_dict()))


def test_a_code_this_version_no_longer_knows_reads_as_the_stored_sentence():
    data = frozen_example()
    training = next(f for f in data["findings"] if f["rule"] == "training")
    training["code"] = "training.renamed_long_ago"
    work = next(f for f in data["findings"] if f["rule"] == "work")
    work["excluded"][0]["code"] = "excluded.gone"
    thawed = Assessment.from_dict(data)
    assert thawed.finding("training").message == "0 of 30 IMH-specific training hours; 30 to go"
    assert render(thawed.finding("training").explanation, mark) == (
        "«0 of 30 IMH-specific training hours; 30 to go»"
    )
    assert thawed.finding("work").excluded_reasons[0] == ("/work/0", "is unpaid")


def test_the_smallest_document_the_schema_allows_can_be_read():
    data = frozen_example()
    for finding in data["findings"]:
        for optional in ("code", "params", "exact", "excluded", "review_points"):
            finding.pop(optional, None)
    for optional in ("category_name", "requirement_set_version", "person", "ignored_entries"):
        data.pop(optional)
    validator().validate(data)
    thawed = Assessment.from_dict(data)
    assert [f.message for f in thawed.findings] == [f["message"] for f in data["findings"]]
    assert thawed.status == data["status"]
