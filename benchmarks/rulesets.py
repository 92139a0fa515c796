"""The impact preview of a requirement-set draft over 10,000 portfolios (issue 18: under 30 s).

Runs in its own process (`python benchmarks/rulesets.py`; `make bench` runs it and reads its
figure as JSON with `--json`) on the pages bench's fresh in-memory SQLite database. 10,000
people with an application with the association, each a realistic portfolio (a degree, a job,
three trainings, an RS/C provider and a year of monthly sessions, agreements, a membership),
are loaded with bulk_create. The draft changes the RS/C hours of IFS and IMHS, so two
categories are assessed twice per person.

The figure: the whole preview (reading every portfolio in batches and the engine's calls, as the
worker runs it) in *row passes*, a reference measured in the same run that reads the same rows
once (one `values_list` per table over the same people, summing a column). The absolute time
and the rate in portfolios per second are printed beside it.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from measure import Figure, table, verdict
from pages import setup_django
from targets import RULESETS as TARGETS

PEOPLE = 10_000


def seed(association, people: int) -> list[int]:
    """`people` applicants of `association` with realistic portfolios (bulk_create)."""
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from dyad.accounts.models import User
    from dyad.applications.models import Application
    from dyad.portfolios import models as p

    today = timezone.localdate()
    users = User.objects.bulk_create(
        [User(email=f"person{i:05d}@example.org", display_name=f"P {i}") for i in range(people)],
        batch_size=1_000,
    )
    ids = [u.pk for u in users]
    with scopes_disabled():
        p.Education.objects.bulk_create(
            [
                p.Education(
                    owner_id=pk,
                    level="master",
                    completed=today - timedelta(days=3_000),
                    field="Social work",
                    related_field=True,
                )
                for pk in ids
            ],
            batch_size=2_000,
        )
        works = p.WorkExperience.objects.bulk_create(
            [
                p.WorkExperience(
                    owner_id=pk,
                    role="Therapist",
                    employer="Clinic",
                    start=today - timedelta(days=2_500),
                    end=None,
                    hours_per_week=40,
                    paid=True,
                    kind="intervention",
                    participants="child_and_caregiver",
                    min_months=0,
                    max_months=35,
                    prenatal=True,
                    services=["home_visiting"],
                    relationship_focused=True,
                    addresses_attachment_loss=True,
                )
                for pk in ids
            ],
            batch_size=2_000,
        )
        p.Training.objects.bulk_create(
            [
                p.Training(
                    owner_id=pk,
                    title=f"Course {n}",
                    date=today - timedelta(days=100 * n + 30),
                    minutes=600 + 60 * (pk % 7),
                    imh_specific=True,
                    areas=["attachment_loss"],
                )
                for pk in ids
                for n in range(3)
            ],
            batch_size=5_000,
        )
        providers = p.RscProvider.objects.bulk_create(
            [p.RscProvider(owner_id=pk, name="Dr. Lee", degree="master") for pk in ids],
            batch_size=2_000,
        )
        p.StatedEndorsement.objects.bulk_create(
            [
                p.StatedEndorsement(
                    provider=prov, category="IMHM-C", start=today - timedelta(days=4_000), end=None
                )
                for prov in providers
            ],
            batch_size=2_000,
        )
        p.RscSession.objects.bulk_create(
            [
                p.RscSession(
                    owner_id=prov.owner_id,
                    provider=prov,
                    work=work,
                    date=today - timedelta(days=30 * n + 5),
                    minutes=60 * (4 + prov.owner_id % 2),
                    format="individual",
                )
                for prov, work in zip(providers, works, strict=True)
                for n in range(12)
            ],
            batch_size=5_000,
        )
        p.Agreement.objects.bulk_create(
            [
                p.Agreement(owner_id=pk, document=doc, signed=today - timedelta(days=40))
                for pk in ids
                for doc in ("code_of_ethics", "endorsement_agreement")
            ],
            batch_size=5_000,
        )
        p.Membership.objects.bulk_create(
            [
                p.Membership(
                    owner_id=pk, association_name="Bench", expires=today + timedelta(days=200)
                )
                for pk in ids
            ],
            batch_size=2_000,
        )
        Application.objects.bulk_create(
            [
                Application(
                    association=association,
                    applicant_id=pk,
                    category="IMHS" if pk % 2 else "IFS",
                    requirement_set="imh-e-baseline",
                    requirement_set_version=1,
                    fee_amount=0,
                    fee_status="none",
                )
                for pk in ids
            ],
            batch_size=2_000,
        )
    return ids


def figures() -> list[Figure]:
    setup_django()
    from django_scopes import scope

    from dyad.accounts.models import User
    from dyad.associations.models import Association
    from dyad.portfolios import models as p
    from dyad.rulesets import services, tasks
    from dyad.rulesets.models import ImpactRun

    association = Association.objects.create(
        slug="bench", name="Bench", contact_email="bench@example.org", standards=["IMH-E"]
    )
    coordinator = User.objects.create_user(email="coordinator@example.org", password="x")
    ids = seed(association, PEOPLE)
    with scope(association=association.pk):
        draft = services.start_draft(
            association=association, standard="IMH-E", source="baseline", actor=coordinator
        )
        draft = services.change_draft(
            draft=draft,
            category="IFS",
            values={"application__rsc_received__hours": 60},
            actor=coordinator,
        )
        draft = services.change_draft(
            draft=draft,
            category="IMHS",
            values={"application__rsc_received__hours": 45},
            actor=coordinator,
        )

    def reference() -> float:
        """Every row of the same people read once, a column summed: the least any preview does."""
        total = 0.0
        for model, column in (
            (p.Education, "id"),
            (p.WorkExperience, "hours_per_week"),
            (p.Training, "minutes"),
            (p.RscProvider, "id"),
            (p.RscSession, "minutes"),
            (p.Agreement, "id"),
            (p.Membership, "id"),
        ):
            for start in range(0, len(ids), tasks.BATCH):
                chunk = ids[start : start + tasks.BATCH]
                total += sum(model.objects.filter(owner__in=chunk).values_list(column, flat=True))
        return total

    def preview() -> tuple[float, int, int]:
        with scope(association=association.pk):
            run = ImpactRun.objects.create(
                association=association,
                draft=draft,
                draft_digest="bench",
                against="imh-e-baseline@1",
            )
            started = time.perf_counter()
            changes = tasks.compute(run, association)
            seconds = time.perf_counter() - started
            run.refresh_from_db()
        return seconds, changes, run.total

    reference()
    ratios, walls, found = [], [], (0, 0)
    for _ in range(2):
        t0 = time.process_time()
        reference()
        ref = time.process_time() - t0
        t0 = time.process_time()
        wall, changes, total = preview()
        subject = time.process_time() - t0
        ratios.append(subject / ref)
        walls.append(wall)
        found = (changes, total)
    ratio, wall = min(ratios), min(walls)
    return [
        Figure(
            name=f"impact preview, {found[1]:,} portfolios ({found[0]:,} changes)",
            absolute=f"{wall:.1f} s, {found[1] / wall:,.0f} portfolios/s",
            value=ratio,
            unit="row passes",
            target=TARGETS["impact"],
            spread=(min(ratios), max(ratios)),
        )
    ]


if __name__ == "__main__":
    found = figures()
    if "--json" in sys.argv:
        print(json.dumps([asdict(f) for f in found]))
    else:
        print(table(found))
        sys.exit(verdict(found))
