"""Properties that hold for every portfolio (hypothesis)."""

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.standards import codes
from dyad.standards.portfolio_file import portfolio_from_document

from .builders import assess, doc

SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "assessment.schema.json"
AS_OF = date(2026, 6, 30)
days = st.integers(min_value=-3000, max_value=60).map(
    lambda d: (AS_OF + timedelta(days=d)).isoformat()
)


@cache
def validator():
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text()))


education = st.fixed_dictionaries(
    {
        "level": st.sampled_from(codes.LEVELS),
        "completed": days,
        "related_field": st.booleans(),
        "imh_certificate": st.booleans(),
    }
)
training = st.fixed_dictionaries(
    {
        "title": st.just("t"),
        "date": days,
        "minutes": st.integers(1, 2000),
        "imh_specific": st.booleans(),
    }
)


@st.composite
def work(draw, ident):
    start = draw(st.integers(-3000, 30))
    length = draw(st.one_of(st.none(), st.integers(0, 2000)))
    low = draw(st.integers(0, 100))
    return {
        "id": ident,
        "start": (AS_OF + timedelta(days=start)).isoformat(),
        "end": None if length is None else (AS_OF + timedelta(days=start + length)).isoformat(),
        "hours_per_week": draw(st.sampled_from([0, 10, 20, 32, 40, 60])),
        "paid": draw(st.booleans()),
        "kind": draw(st.sampled_from(codes.WORK_KINDS)),
        "participants": draw(st.sampled_from(codes.PARTICIPANTS)),
        "population": {
            "prenatal": draw(st.booleans()),
            "min_months": low,
            "max_months": low + draw(st.integers(0, 60)),
        },
        "services": draw(st.lists(st.sampled_from(list(codes.SERVICES)), unique=True, max_size=2)),
        "relationship_focused": draw(st.booleans()),
        "addresses_attachment_loss": draw(st.booleans()),
    }


@st.composite
def providers(draw, ident):
    start = draw(st.integers(-5000, 0))
    return {
        "id": ident,
        "name": ident,
        "degree": draw(st.sampled_from(codes.LEVELS)),
        "endorsements": [
            {
                "category": draw(st.sampled_from(codes.CATEGORIES)),
                "from": (AS_OF + timedelta(days=start)).isoformat(),
                "to": None,
            }
        ],
    }


@st.composite
def portfolios(draw):
    provider_list = [draw(providers(f"p{i}")) for i in range(draw(st.integers(0, 3)))]
    work_list = [draw(work(f"w{i}")) for i in range(draw(st.integers(0, 4)))]
    rsc = []
    if provider_list:
        for _ in range(draw(st.integers(0, 30))):
            rsc.append(
                {
                    "date": draw(days),
                    "minutes": draw(st.integers(30, 240)),
                    "format": draw(st.sampled_from(codes.RSC_FORMATS)),
                    "provider": draw(st.sampled_from([p["id"] for p in provider_list])),
                }
            )
    return doc(
        education=draw(st.lists(education, max_size=3)),
        training=draw(st.lists(training, max_size=8)),
        work=work_list,
        rsc_providers=provider_list,
        rsc=rsc,
        references=draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "role": st.sampled_from(codes.REFERENCE_ROLES),
                        "status": st.sampled_from(codes.REFERENCE_STATUSES),
                    }
                ),
                max_size=4,
            )
        ),
        exams=draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "category": st.sampled_from(codes.CATEGORIES),
                        "date": days,
                        "result": st.sampled_from(codes.EXAM_RESULTS),
                    }
                ),
                max_size=2,
            )
        ),
        agreements={"code_of_ethics": draw(days), "endorsement_agreement": draw(days)},
        membership={"expires": draw(days)},
        endorsements=[
            {
                "category": draw(st.sampled_from(codes.CATEGORIES)),
                "granted": "2015-01-01",
                "expires": draw(days),
            }
        ],
    )


def summary(a):
    return [(f.rule, f.status, f.have) for f in a.findings]


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(portfolios(), st.sampled_from(codes.CATEGORIES), st.booleans(), st.randoms())
def test_assessment_is_deterministic_and_independent_of_entry_order(
    document, category, renewal, rnd
):
    first = assess(document, category, renewal=renewal)
    assert assess(document, category, renewal=renewal) == first
    shuffled = json.loads(json.dumps(document))
    for key in ("education", "training", "work", "rsc_providers", "rsc", "references", "exams"):
        rnd.shuffle(shuffled[key])
    assert summary(assess(shuffled, category, renewal=renewal)) == summary(first)


@SETTINGS
@given(portfolios(), st.sampled_from(codes.CATEGORIES), st.booleans())
def test_json_output_always_validates_against_the_published_schema(document, category, renewal):
    validator().validate(assess(document, category, renewal=renewal).to_dict())


QUALIFYING = {
    "education": {
        "level": "doctorate",
        "completed": "2000-01-01",
        "related_field": True,
        "imh_certificate": True,
    },
    "training": {"title": "t", "date": "2026-06-01", "minutes": 600, "imh_specific": True},
    "references": {"role": "supervisor", "status": "rated"},
}


@SETTINGS
@given(
    portfolios(),
    st.sampled_from(codes.CATEGORIES),
    st.booleans(),
    st.sampled_from(["education", "training", "references", "work", "rsc"]),
)
def test_adding_a_qualifying_entry_never_turns_a_met_rule_unmet(document, category, renewal, kind):
    before = assess(document, category, renewal=renewal)
    grown = json.loads(json.dumps(document))
    if kind == "work":
        grown["work"].append(
            {
                "id": "extra",
                "start": "2010-01-01",
                "end": None,
                "hours_per_week": 40,
                "paid": True,
                "kind": "intervention",
                "participants": "child_and_caregiver",
                "population": {"prenatal": True, "min_months": 0, "max_months": 60},
                "services": ["advocacy"],
                "relationship_focused": True,
                "addresses_attachment_loss": True,
            }
        )
    elif kind == "rsc":
        if not grown["rsc_providers"]:
            return
        grown["rsc"].append(
            {
                "date": "2026-06-01",
                "minutes": 120,
                "format": "individual",
                "provider": grown["rsc_providers"][0]["id"],
            }
        )
    else:
        grown[kind].append(QUALIFYING[kind])
    portfolio_from_document(grown)  # still a valid portfolio
    after = assess(grown, category, renewal=renewal)
    for old, new in zip(before.findings, after.findings, strict=True):
        if old.met:
            assert new.met, (old, new)
        if old.have is not None and old.rule != "references":
            assert new.have >= old.have
