"""The sweep's demo data: people due soon, in grace and past it, whom `make run`'s sweep (right
after the demo) reminds and lapses; a second load finds what the first made."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from dyad.credentials.models import Endorsement
from dyad.renewals import demo_sweep
from dyad.renewals.sweep import sweep
from dyad.testing.factories import make_association, make_user

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_sweep_every_kind_of_work_once():
    associations = {slug: make_association(slug) for slug in ("great-lakes", "high-plains")}
    people = {}

    def user(email, name):
        if email not in people:
            people[email] = make_user(email, display_name=name)
        return people[email]

    demo_sweep.load(associations, user)
    demo_sweep.load(associations, user)
    with scopes_disabled():
        assert Endorsement.objects.count() == len(demo_sweep.PEOPLE)
    counts = sweep().counts
    assert {step: n for step, n in counts.items() if n} == {
        "before-90": 1,
        "before-30": 1,
        "before-7": 1,
        "grace": 2,
        "grace-30": 1,
        "grace-85": 1,
        "lapsed": 1,
    }
    with scopes_disabled():
        olga = Endorsement.objects.get(holder=people["olga.lapse@example.org"])
    assert olga.status == Endorsement.Status.LAPSED
