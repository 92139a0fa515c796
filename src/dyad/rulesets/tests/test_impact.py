"""The impact preview finds exactly the people whose status changes, and why."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django_scopes import scope

from dyad import standards
from dyad.applications import services as applications
from dyad.rulesets import impact, selectors, services
from dyad.rulesets.documents import as_requirement_set, with_values
from dyad.rulesets.models import ImpactRun
from dyad.standards.requirement_sets import SETS_DIR
from dyad.testing.factories import make_endorsement, make_user
from dyad.testing.portfolios import nearly_ifs

PERSONAS = Path(standards.__file__).parent / "tests" / "personas"


def test_on_the_standards_personas_exactly_the_changed_people_are_found():
    """Hand-derived from personas/expected.json: gia has 45 h of RS/C that count (of 50) and
    misses only RS/C for IMHS; carla's half-time work is 21.0 months (of 24) and misses only
    work for IFS. finn (30 h) stays short of 45; nobody else is affected."""
    baseline = json.loads((SETS_DIR / "imh-e-baseline.json").read_text(encoding="utf-8"))
    draft = with_values(baseline, "IMHS", {"application__rsc_received__hours": 45})
    draft = with_values(draft, "IFS", {"application__work__months": 20})
    people = [
        impact.Person(n, path.stem, standards.load_portfolio(str(path)))
        for n, path in enumerate(sorted(PERSONAS.glob("*.json")))
        if path.name != "expected.json"
    ]
    done = []
    changes = impact.impact(
        [people[:5], people[5:]],
        as_requirement_set(baseline),
        as_requirement_set(draft),
        date(2026, 6, 30),
        done.append,
    )
    assert [(c.name, c.category, c.gain, c.rules) for c in changes] == [
        ("carla-part-time", "IFS", True, ("work",)),
        ("gia-three-providers", "IMHS", True, ("rsc_received",)),
    ]
    assert done == [5, len(people)]


def test_only_categories_whose_rules_differ_are_assessed():
    baseline = json.loads((SETS_DIR / "imh-e-baseline.json").read_text(encoding="utf-8"))
    draft = with_values(baseline, "IFRS", {"renewal__training__hours": 10})
    assert impact.changed_categories(as_requirement_set(baseline), as_requirement_set(draft)) == []
    draft = with_values(baseline, "IFRS", {"application__training__hours": 10})
    assert impact.changed_categories(as_requirement_set(baseline), as_requirement_set(draft)) == [
        "IFRS"
    ]


@pytest.mark.django_db(transaction=True)
def test_the_preview_runs_in_the_worker_over_the_associations_people(
    client, two_associations, run_tasks
):
    """The association's people: applicants (IFS with 20 h of RS/C: gains when IFS asks 20)
    and endorsement holders (21 h); not beta's applicants, not people with neither."""
    alpha, beta = two_associations["alpha"], two_associations["beta"]
    association, coordinator = alpha["association"], alpha["coordinator"]
    gains = make_user(display_name="Gail Gains")
    nearly_ifs(gains, rsc_hours=20)
    applications.start_application(applicant=gains, association=association, category="IFS")
    holder = make_user(display_name="Hugo Holder")
    nearly_ifs(holder, rsc_hours=21)
    make_endorsement(association, "Hugo Holder", "IFA", holder=holder)
    elsewhere = make_user(display_name="Bea Beta")
    nearly_ifs(elsewhere, rsc_hours=20)
    applications.start_application(
        applicant=elsewhere, association=beta["association"], category="IFS"
    )
    nobody = make_user(display_name="Noor Nobody")
    nearly_ifs(nobody, rsc_hours=20)

    with scope(association=association.pk):
        draft = services.start_draft(
            association=association, standard="IMH-E", source="baseline", actor=coordinator
        )
        services.change_draft(
            draft=draft,
            category="IFS",
            values={"application__rsc_received__hours": 20},
            actor=coordinator,
        )
    client.force_login(coordinator)
    url = reverse("rulesets:impact", args=["alpha", "imh-e"])
    client.post(url)
    client.post(url)  # a double submit queues one run
    with scope(association=association.pk):
        assert ImpactRun.objects.count() == 1
    waiting = client.get(url).content.decode()
    assert "Waiting for the worker" in waiting and 'hx-trigger="every 1s"' in waiting
    run_tasks()
    page = client.get(reverse("rulesets:draft", args=["alpha", "imh-e"])).content.decode()
    assert "2 people assessed" in page
    assert "Gail Gains" in page and "would qualify" in page
    assert "Hugo Holder" in page  # 21 h: also meets 20
    assert "Bea Beta" not in page and "Noor Nobody" not in page
    with scope(association=association.pk):
        run = selectors.latest_run(draft)
    assert run.status == "done" and run.total == 2
    assert sorted((c["person"], c["gain"], c["rules"]) for c in run.result["changes"]) == [
        (gains.pk, True, ["rsc_received"]),
        (holder.pk, True, ["rsc_received"]),
    ]
    assert "hx-trigger" not in client.get(url).content.decode()  # finished: no more polling


@pytest.mark.django_db(transaction=True)
def test_a_loss_names_the_rule_and_an_edit_makes_the_preview_stale(two_associations, run_tasks):
    alpha = two_associations["alpha"]
    association, coordinator = alpha["association"], alpha["coordinator"]
    ready = make_user(display_name="Rita Ready")
    nearly_ifs(ready, rsc_hours=30)
    applications.start_application(applicant=ready, association=association, category="IFS")
    with scope(association=association.pk):
        draft = services.start_draft(
            association=association, standard="IMH-E", source="baseline", actor=coordinator
        )
        draft = services.change_draft(
            draft=draft,
            category="IFS",
            values={"application__rsc_received__hours": 31},
            actor=coordinator,
        )
        services.start_impact(draft=draft, actor=coordinator)
    run_tasks()
    with scope(association=association.pk):
        run = selectors.latest_run(draft)
        assert run.result["changes"] == [
            {
                "person": ready.pk,
                "category": "IFS",
                "gain": False,
                "rules": ["rsc_received"],
            }
        ]
        services.change_draft(
            draft=draft,
            category="IFS",
            values={"application__rsc_received__hours": 32},
            actor=coordinator,
        )
    from django.test import Client

    client = Client()
    client.force_login(coordinator)
    page = client.get(reverse("rulesets:draft", args=["alpha", "imh-e"])).content.decode()
    assert "The draft changed since this preview" in page
    assert "Rita Ready" in page

    from dyad.accounts.services import erase_person

    erase_person(user=ready, actor=ready, reason="asked")
    page = client.get(reverse("rulesets:draft", args=["alpha", "imh-e"])).content.decode()
    assert "Rita Ready" not in page  # the preview kept her id, never her name


@pytest.mark.parametrize(
    "changes",
    [
        {"IMHS": {"application__rsc_received__hours": 45}},
        {"IFS": {"application__work__months": 20, "application__training__hours": 35}},
        {"IFRS": {"application__rsc_received__providers": ["IMHS"]}},
        {"IFA": {"application__education__or_experience__months": 12}},
        {
            "IMHM-C": {
                "application__leadership__months": 12,
                "application__agreements__within_months": 24,
            }
        },
    ],
)
def test_the_previews_shortcut_agrees_with_the_engines_evaluate(changes):
    """The preview runs each rule once when its parameters did not change; its outcomes are
    those of `evaluate` under each set, for every persona and category."""
    baseline = json.loads((SETS_DIR / "imh-e-baseline.json").read_text(encoding="utf-8"))
    draft = baseline
    for category, values in changes.items():
        draft = with_values(draft, category, values)
    current, drafted = as_requirement_set(baseline), as_requirement_set(draft)
    as_of = date(2026, 6, 30)
    for path in sorted(PERSONAS.glob("*.json")):
        if path.name == "expected.json":
            continue
        person = impact.Person(1, path.stem, standards.load_portfolio(str(path)))
        for category in current.categories:
            expected = []
            before = impact.outcomes(person.portfolio, category, as_of, current)
            after = impact.outcomes(person.portfolio, category, as_of, drafted)
            if all(before.values()) != all(after.values()):
                expected.append((category, all(after.values())))
            found = impact.changes_for(person, [category], current, drafted, as_of)
            assert [(c.category, c.gain) for c in found] == expected, (path.stem, category)
