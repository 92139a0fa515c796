"""A year of made-up history for an association, so the reports and the workforce map show
something real in the demo and in `make bench`: applicants, their applications moving through
the states (each move an event at its own time), endorsements granted from them and earlier
ones, some due for renewal, some lapsed.

Written in bulk (a few thousand rows in well under a second): the rows are what the services
would have written, events included, with times spread over the past year. For demo and bench
databases only, never a real association (the demo command refuses a production database).
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.accounts.models import User
from dyad.applications import states
from dyad.applications.models import Application
from dyad.core.models import Event
from dyad.credentials.models import Endorsement
from dyad.standards.codes import CATEGORIES
from dyad.standards.requirement_sets import baseline_for

APPLICATION = "applications.application"
ENDORSEMENT = "credentials.endorsement"
FIRST = ["Ana", "Ben", "Cleo", "Dev", "Emma", "Femi", "Gus", "Hana", "Ivan", "June", "Kofi"]
LAST = ["Adler", "Baptiste", "Chen", "Dimitrov", "Eze", "Fischer", "Garcia", "Holm", "Ito"]
#: how often each category is applied for (associate and specialist categories most)
WEIGHTS = {"IFA": 5, "IFS": 6, "IFRS": 2, "IMHS": 4, "IMHM-C": 2, "ECFA": 2, "ECMHS": 2}


def marker(association) -> str:
    return f"history-{association.slug}-"


def has_history(association) -> bool:
    return User.objects.filter(email__startswith=marker(association)).exists()


@transaction.atomic
def add_history(association, *, state: str, counties: list[str], people: int = 150, seed=None):
    """Add `people` applicants with a year of applications, and about as many endorsements
    granted before, to `association`; endorsements name one of `counties` in `state`. Does
    nothing when the association already has its history (the demo is run again)."""
    if has_history(association):
        return 0
    rng = random.Random(seed if seed is not None else association.slug)
    now = timezone.now()
    today = timezone.localdate()
    password = make_password(None)
    prefix = marker(association)
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{n}@example.org",
                display_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                password=password,
            )
            for n in range(people * 2)
        ]
    )
    categories = [c for c in WEIGHTS if c in CATEGORIES]
    weights = [WEIGHTS[c] for c in categories]
    with scopes_disabled():
        number = Endorsement.objects.filter(association=association).count()
        plans = []
        for user in users[:people]:
            category = rng.choices(categories, weights)[0]
            plans.append((user, category, _moves(rng, now, category)))
        applications = Application.objects.bulk_create(
            [
                Application(
                    association=association,
                    applicant=user,
                    category=category,
                    requirement_set=baseline_for(category).id,
                    requirement_set_version=baseline_for(category).version,
                    state=moves[-1][0],
                    fee_status=Application.Fee.PAID,
                )
                for user, category, moves in plans
            ]
        )
        events, endorsements = [], []
        for application, (user, category, moves) in zip(applications, plans, strict=True):
            application.started_at = moves[0][1]
            submitted = [at for state, at in moves if state == states.SUBMITTED]
            application.submitted_at = submitted[-1] if submitted else None
            before = ""
            for to_state, at in moves:
                verb = "started" if not before else states.MOVES[(before, to_state)].verb
                events.append(
                    _event(
                        association,
                        APPLICATION,
                        application.pk,
                        verb,
                        before,
                        to_state,
                        at,
                        category,
                    )
                )
                before = to_state
            if before in (states.ENDORSED, states.DENIED):
                application.decided_at = moves[-1][1]
            if before == states.ENDORSED:
                granted = timezone.localtime(moves[-1][1]).date()
                number += 1
                endorsements.append(
                    _endorsement(
                        association,
                        user,
                        category,
                        number,
                        granted,
                        granted + timedelta(days=365),
                        rng,
                        state,
                        counties,
                    )
                )
                endorsements[-1].application = application
        Application.objects.bulk_update(
            applications, ["started_at", "submitted_at", "decided_at"], batch_size=500
        )
        # People endorsed before this year: renewals fall due over the coming months, and those
        # who did not renew lapsed.
        for user in users[people:]:
            category = rng.choices(categories, weights)[0]
            expires = today + timedelta(days=rng.randint(-420, 365))
            granted = expires - timedelta(days=365 * rng.randint(1, 3))
            number += 1
            endorsements.append(
                _endorsement(
                    association, user, category, number, granted, expires, rng, state, counties
                )
            )
        Endorsement.objects.bulk_create(endorsements, batch_size=500)
        grace = 90
        for endorsement in endorsements:
            granted_at = timezone.make_aware(
                timezone.datetime.combine(endorsement.granted, timezone.datetime.min.time())
            ) + timedelta(hours=10)
            events.append(
                _event(
                    association,
                    ENDORSEMENT,
                    endorsement.pk,
                    "endorsement.granted",
                    "",
                    "active",
                    granted_at,
                    endorsement.category,
                )
            )
            lapsed_on = endorsement.expires + timedelta(days=grace + rng.randint(1, 20))
            if lapsed_on < today:
                endorsement.status = Endorsement.Status.LAPSED
                at = timezone.make_aware(
                    timezone.datetime.combine(lapsed_on, timezone.datetime.min.time())
                ) + timedelta(hours=9)
                events.append(
                    _event(
                        association,
                        ENDORSEMENT,
                        endorsement.pk,
                        "endorsement.lapsed",
                        "active",
                        "lapsed",
                        at,
                        endorsement.category,
                    )
                )
            if getattr(endorsement, "application", None) is not None:
                endorsement.application.endorsement = endorsement
        Endorsement.objects.bulk_update(
            [e for e in endorsements if e.status == Endorsement.Status.LAPSED], ["status"]
        )
        Application.objects.bulk_update(
            [a for a in applications if a.endorsement_id], ["endorsement"], batch_size=500
        )
        Event.objects.bulk_create(sorted(events, key=lambda e: e.created_at), batch_size=1000)
    return len(applications)


def _moves(rng: random.Random, now, category: str) -> list[tuple[str, object]]:
    """The states an application went through and when, stopping at now (it is still there)."""
    at = now - timedelta(days=rng.uniform(3, 365), hours=rng.uniform(0, 8))
    moves = [(states.STARTED, at)]
    exam = baseline_for(category).category(category).exam

    def step(state: str, low: float, high: float) -> bool:
        nonlocal at
        at = at + timedelta(days=rng.uniform(low, high))
        if at >= now:
            return False
        moves.append((state, at))
        return True

    if rng.random() < 0.06:
        step(states.WITHDRAWN, 2, 40)
        return moves
    if not step(states.SUBMITTED, 3, 45):
        return moves
    returned = rng.random() < 0.15
    if returned and not (step(states.RETURNED, 2, 12) and step(states.SUBMITTED, 5, 30)):
        return moves
    if not step(states.IN_REVIEW, 1, 14):
        return moves
    if exam:
        if not step(states.EXAM, 10, 35):
            return moves
        step(states.ENDORSED if rng.random() < 0.78 else states.DENIED, 14, 50)
    else:
        step(states.ENDORSED if rng.random() < 0.88 else states.DENIED, 7, 35)
    return moves


def _event(association, subject_type, pk, verb, from_state, to_state, at, category) -> Event:
    if subject_type == APPLICATION:
        verb = f"application.{verb}"
    return Event(
        association=association,
        subject_type=subject_type,
        subject_id=str(pk),
        verb=verb,
        from_state=from_state,
        to_state=to_state,
        created_at=at,
        reason="demo history",
        data={"category": category},
    )


def _endorsement(association, user, category, number, granted, expires, rng, state, counties):
    # a few large counties hold most people, as in a real state
    county = counties[min(int(rng.expovariate(0.35)), len(counties) - 1)]
    return Endorsement(
        association=association,
        holder=user,
        holder_name=user.display_name,
        category=category,
        number=f"{association.slug[:2].upper()}-H{number:05d}",
        granted=granted,
        expires=expires,
        county=county,
        state=state,
    )
