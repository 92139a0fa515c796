"""IMH practice classification (P1–P7) and requirement sets as validated data."""

import json

import pytest

from dyad.standards import RequirementSetError, load_requirement_set
from dyad.standards.portfolio_file import portfolio_from_document
from dyad.standards.practice import classify_practice
from dyad.standards.requirement_sets import available_sets, build_requirement_set

from .builders import AS_OF, doc, job, training


def classify(entry, **sections):
    portfolio = portfolio_from_document(doc(work=[entry], **sections))
    return classify_practice(portfolio.work[0], portfolio, AS_OF)


def test_practice_that_meets_p1_to_p4_with_statements_to_confirm():
    result = classify(job(), training=[training(600)])
    assert result.is_practice
    holds = {c.code: c.holds for c in result.criteria}
    assert holds == {"P1": True, "P2": True, "P3": True, "P4": True, "P5": True, "P6": False}
    assert [p.split(": ")[1] for p in result.review_points] == [
        "the intervention is relationship-focused",
        "is prepared to explore attachment, separation, trauma, grief and loss",
    ]


def test_work_with_the_child_alone_is_not_practice():
    assert not classify(job(participants="child_only")).is_practice


def test_discipline_setting_and_license_never_exclude():
    # P7: nothing about role, employer or setting is consulted
    assert classify(job(role="Home visitor, no license", employer="Rural outreach")).is_practice


def test_baselines_ship_and_validate():
    assert {"imh-e-baseline", "ecmh-e-baseline"} <= set(available_sets())
    imh = load_requirement_set("imh-e-baseline")
    assert imh.standard == "IMH-E"
    assert list(imh.categories) == ["IFA", "IFS", "IFRS", "IMHS", "IMHM-C", "IMHM-P", "IMHM-R"]
    ec = load_requirement_set("ecmh-e-baseline")
    rsc = next(r for r in ec.category("ECFS").application if r.rule == "rsc_received")
    assert rsc.params["providers"] == ["ECFS", "IFRS", "ECMHS", "ECMHM-C"]


def variant(**overrides):
    return {
        "format": "dyad-requirement-set/1",
        "id": "x",
        "version": 1,
        "title": "X",
        "extends": "imh-e-baseline",
        "overrides": overrides,
    }


def test_an_override_replaces_parameters_only():
    s = build_requirement_set(variant(IFS={"application": {"training": {"hours": 45}}}))
    training_rule = next(r for r in s.category("IFS").application if r.rule == "training")
    assert training_rule.params["hours"] == 45
    assert training_rule.params["imh_specific"] is True
    assert s.category("IFA") == load_requirement_set("imh-e-baseline").category("IFA")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"IFS": {"application": {"exam": {"category": "IFS"}}}}, "IFS has no such rule"),
        (
            {"IFS": {"application": {"training": {"hours": -3}}}},
            "/overrides/IFS/application/training",
        ),
        ({"ECFS": {"application": {}}}, "has no category 'ECFS'"),
    ],
)
def test_bad_overrides_are_refused_with_the_place(overrides, message):
    with pytest.raises(RequirementSetError, match=message):
        build_requirement_set(variant(**overrides))


def test_a_malformed_set_file_is_refused_on_load(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(
        json.dumps(
            {
                "format": "dyad-requirement-set/1",
                "id": "b",
                "version": 1,
                "title": "B",
                "standard": "IMH-E",
                "scope": {"prenatal": True, "min_months": 0, "max_months": 35},
                "categories": {
                    "IFA": {
                        "name": "IFA",
                        "application": [{"rule": "training", "hours": "thirty"}],
                        "renewal": [],
                    }
                },
            }
        )
    )
    with pytest.raises(RequirementSetError, match=r"broken\.json"):
        load_requirement_set(str(path))


def test_an_associations_own_copy_of_a_set_is_used_as_is(tmp_path):
    from dyad.standards import evaluate
    from dyad.standards.requirement_sets import SETS_DIR

    copy = json.loads((SETS_DIR / "imh-e-baseline.json").read_text())
    copy.update(id="plains-imh-e-2027", version=2, title="High Plains IMH-E 2027")
    training_rule = next(
        r for r in copy["categories"]["IFA"]["application"] if r["rule"] == "training"
    )
    training_rule["hours"] = 20
    path = tmp_path / "plains.json"
    path.write_text(json.dumps(copy))
    own = load_requirement_set(str(path))
    portfolio = portfolio_from_document(doc(training=[training(1200)]))
    assert evaluate(portfolio, "IFA", AS_OF, own).finding("training").met
    assert not evaluate(portfolio, "IFA", AS_OF).finding("training").met
    assert evaluate(portfolio, "IFA", AS_OF, own).requirement_set == "plains-imh-e-2027"
