"""The editor's values against the requirement-set JSON Schema, and comparing in words."""

import json

import pytest

from dyad.rulesets.documents import (
    differences,
    knobs_for,
    schema_problems,
    value_of,
    with_values,
)
from dyad.standards.requirement_sets import SETS_DIR


@pytest.fixture
def baseline():
    return json.loads((SETS_DIR / "imh-e-baseline.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("application__rsc_received__hours", -3, "Enter a number above 0."),
        ("application__rsc_received__hours", 0, "Enter a number above 0."),
        ("application__rsc_received__hours", "many", "Enter a number."),
        ("application__rsc_received__within_months", 2.5, "Enter a whole number."),
        ("application__rsc_received__within_months", 0, "Enter 1 or more."),
        ("application__rsc_received__providers", [], "Choose at least one."),
        ("application__rsc_received__max_providers", 0, "Enter 1 or more."),
        ("application__references__count", 0, "Enter 1 or more."),
        ("application__exam__pass_marks__written", 101, "Enter 100 or less."),
        ("application__agreements__within_months", "", "Enter a whole number."),
        ("renewal__training__hours", -15, "Enter a number above 0."),
    ],
)
def test_a_value_outside_the_schema_is_refused_next_to_its_field(baseline, name, value, message):
    document = with_values(baseline, "IMHS", {name: None if value == "" else value})
    assert schema_problems(document, "IMHS") == {name: [message]}


def test_accepted_values_land_where_the_engine_reads_them(baseline):
    document = with_values(
        baseline,
        "IMHS",
        {
            "application__rsc_received__hours": 48,
            "application__rsc_received__providers": ["IFRS", "IMHS", "IMHM-C"],
            "application__references__roles__2": ["colleague"],
            "application__exam__pass_marks__multiple_choice": 70,
            "renewal__training__hours": 20,
        },
    )
    assert schema_problems(document, "IMHS") == {}
    rules = {r["rule"]: r for r in document["categories"]["IMHS"]["application"]}
    assert rules["rsc_received"]["hours"] == 48
    assert rules["rsc_received"]["providers"] == ["IFRS", "IMHS", "IMHM-C"]
    assert rules["references"]["roles"] == [["rsc_provider"], ["supervisor"], ["colleague"]]
    assert rules["exam"]["pass_marks"] == {"multiple_choice": 70}
    renewal = {r["rule"]: r for r in document["categories"]["IMHS"]["renewal"]}
    assert renewal["training"]["hours"] == 20
    assert (
        baseline["categories"]["IMHS"]["application"]
        != document["categories"]["IMHS"]["application"]
    )  # the original is left as it was


def test_emptying_a_reference_slot_drops_it_and_an_empty_pass_mark_goes(baseline):
    once = with_values(baseline, "IMHS", {"application__exam__pass_marks__written": 65})
    document = with_values(
        once,
        "IMHS",
        {"application__references__roles__1": [], "application__exam__pass_marks__written": None},
    )
    rules = {r["rule"]: r for r in document["categories"]["IMHS"]["application"]}
    assert rules["references"]["roles"] == [["rsc_provider"]]
    assert "pass_marks" not in rules["exam"]


def test_each_category_offers_only_the_values_its_rules_have(baseline):
    ifa = {k.name for k in knobs_for(baseline, "IFA")}
    # the grace period is the Alliance's everywhere (the registry, the sweep): never offered
    assert not any("grace_days" in k.name for k in knobs_for(baseline, "IMHS"))
    assert "application__education__or_experience__months" in ifa
    assert "application__rsc_received__hours" not in ifa
    imhs = knobs_for(baseline, "IMHS")
    assert {k.name: value_of(baseline, "IMHS", k) for k in imhs}[
        "application__rsc_received__hours"
    ] == 50


def test_two_versions_compare_in_plain_words(baseline):
    changed = with_values(
        baseline,
        "IMHS",
        {
            "application__rsc_received__hours": 48,
            "renewal__training__hours": 20,
            "application__references__roles__2": ["colleague"],
        },
    )
    changed = with_values(changed, "IFS", {"application__rsc_received__providers": ["IFS", "IMHS"]})
    assert differences(baseline, changed) == [
        "Categories that qualify an RS/C provider for IFS: IFS, IFRS, IMHS, IMHM-C → IFS, IMHS",
        "RS/C hours for IMHS: 50 → 48",
        "Roles the references must come from for IMHS: an RS/C provider; a supervisor → "
        "an RS/C provider; a supervisor; a colleague",
        "Training hours for renewing IMHS: 15 → 20",
    ]
    assert differences(baseline, baseline) == []


def test_a_rule_taken_out_reads_by_its_name_and_each_difference_has_its_parts(baseline):
    changed = json.loads(json.dumps(baseline))
    changed["categories"]["IMHS"]["application"] = [
        r for r in changed["categories"]["IMHS"]["application"] if r["rule"] != "membership"
    ]
    (line,) = differences(baseline, changed)
    assert line == "IMHS no longer asks for: Membership"
    assert (line.what, line.where, line.old, line.new) == (
        "Membership",
        "IMHS",
        "asked",
        "not asked",
    )
