"""The audit draw: the same seed gives the same answer to anyone, and over many draws the share
drawn is the association's setting."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st

from dyad.renewals import draw, services
from dyad.renewals.models import Renewal

from .flow_helpers import audit_share, endorsed_person


@given(st.text(min_size=1, max_size=64))
def test_a_recorded_draw_gives_the_same_answer_when_run_again(seed):
    recorded = draw.new_draw(Decimal("0.1"), seed=seed)
    assert draw.value_of(seed) == recorded["value"]
    assert draw.rerun(recorded) is recorded["drawn"]
    assert 0 <= recorded["value"] < 1


def test_the_value_is_plain_sha256_anyone_can_recompute():
    seed = "5f1c0e2a9b7d4e3f8a6b2c1d0e9f8a7b"
    digest = hashlib.sha256(seed.encode()).digest()
    assert draw.value_of(seed) == int.from_bytes(digest[:8], "big") / 2**64


@pytest.mark.parametrize("share", ["0.10", "0.25", "0.5"])
def test_over_many_draws_the_share_drawn_is_the_setting(share):
    n = 20_000
    drawn = sum(draw.new_draw(Decimal(share))["drawn"] for _ in range(n))
    expected = float(share)
    # four standard deviations of a binomial: a correct draw fails this about once in 15,000 runs
    tolerance = 4 * (expected * (1 - expected) / n) ** 0.5
    assert abs(drawn / n - expected) < tolerance


def test_share_zero_never_draws_and_share_one_always_does():
    assert not any(draw.new_draw(Decimal("0"))["drawn"] for _ in range(2000))
    assert all(draw.new_draw(Decimal("1"))["drawn"] for _ in range(2000))


@pytest.mark.django_db
def test_a_submitted_renewal_records_its_draw_at_the_associations_share():
    from dyad.testing.factories import make_association

    association = make_association("draws")
    audit_share(association, "0.25")
    person, endorsement = endorsed_person(association)
    renewal = services.submit_renewal(
        renewal=services.start_renewal(endorsement=endorsement, person=person), person=person
    )
    with scopes_disabled():
        renewal = Renewal.objects.get(pk=renewal.pk)
    assert renewal.draw["share"] == "0.250"
    assert len(renewal.draw["seed"]) == 32
    assert renewal.drawn is draw.rerun(renewal.draw)
    assert renewal.state == ("audit" if renewal.drawn else "granted")
