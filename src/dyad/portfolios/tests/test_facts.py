"""The engine reads a person's portfolio from the database: refs name rows, a fixed query count,
and a Dyad provider's qualification comes from Dyad's own endorsement records."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from dyad.portfolios import services
from dyad.portfolios.models import RscSession, Training
from dyad.portfolios.selectors import FACTS_QUERIES, portfolio_facts
from dyad.standards import evaluate
from dyad.standards.facts import HeldPeriod
from dyad.testing.factories import make_association, make_endorsement, make_user

pytestmark = pytest.mark.django_db

WORK = {
    "start": date(2020, 1, 1),
    "hours_per_week": 40,
    "paid": True,
    "kind": "prevention",
    "participants": "child_and_caregiver",
    "min_months": 0,
    "max_months": 36,
}


def fill(owner, entries: int) -> None:
    """A portfolio of every kind, with `entries` training rows and as many RS/C sessions."""
    services.add_education(owner=owner, level="bachelor", completed=date(2019, 5, 1))
    work = services.add_work_experience(owner=owner, **WORK)
    outside = services.add_rsc_provider(owner=owner, name="Dr. Outside", degree="master")
    services.add_stated_endorsement(provider=outside, category="IMHM-C", start=date(2010, 1, 1))
    mentor = make_user(display_name="Mia Mentor")
    make_endorsement(make_association(), "Mia Mentor", "IMHM-C", holder=mentor)
    in_dyad = services.add_rsc_provider(owner=owner, user=mentor, degree="master")
    services.sign_agreement(owner=owner, document="code_of_ethics", signed=date(2026, 1, 5))
    services.record_membership(owner=owner, expires=date(2026, 12, 31))
    # Thousands of rows through the services would take minutes; the rows are the same.
    Training.objects.bulk_create(
        Training(owner=owner, title=f"T{i}", date=date(2025, 1, 1), minutes=60, imh_specific=True)
        for i in range(entries)
    )
    RscSession.objects.bulk_create(
        RscSession(
            owner=owner,
            date=date(2025, 1, 1) + timedelta(days=i % 300),
            minutes=60,
            format="individual",
            provider=outside if i % 2 else in_dyad,
            work=work,
        )
        for i in range(entries)
    )


@pytest.mark.parametrize("entries", [5, 2000])
def test_facts_cost_the_same_queries_at_5_and_2000_entries(django_assert_num_queries, entries):
    ana = make_user()
    fill(ana, entries)
    with django_assert_num_queries(FACTS_QUERIES):
        p = portfolio_facts(ana)
    assert len(p.training) == len(p.rsc) == entries
    assert len(p.providers) == 2


def test_entries_are_named_by_their_rows():
    ana = make_user()
    fill(ana, 1)
    p = portfolio_facts(ana)
    training = Training.objects.get()
    session = RscSession.objects.get()
    assert p.training[0].ref == f"training:{training.pk}"
    assert p.rsc[0].ref == f"rsc_session:{session.pk}"
    assert p.rsc[0].provider == f"rsc_provider:{session.provider_id}"
    assert p.rsc[0].work == f"work_experience:{session.work_id}" == p.work[0].id
    assert p.providers_by_id[p.rsc[0].provider].ref == p.rsc[0].provider
    assert p.agreements[0].ref.startswith("agreement:")
    assert p.membership.expires == date(2026, 12, 31)


def test_a_dyad_provider_holds_what_dyad_granted_across_associations():
    ana = make_user()
    mia = make_user(display_name="Mia Okafor")
    held = make_endorsement(make_association(), "Mia Okafor", "IMHS", holder=mia)
    lapsed = make_endorsement(make_association(), "Mia Okafor", "IFS", holder=mia, status="lapsed")
    make_endorsement(make_association(), "Mia Okafor", "IMHM-C", holder=mia, status="revoked")
    make_endorsement(make_association(), "Someone Else", "IMHM-P", holder=make_user())
    services.add_rsc_provider(owner=ana, user=mia, degree="master")
    (provider,) = portfolio_facts(ana).providers
    assert provider.name == "Mia Okafor"
    assert sorted(provider.endorsements, key=lambda h: h.category) == [
        HeldPeriod("IFS", lapsed.granted, lapsed.expires),
        HeldPeriod("IMHS", held.granted, held.expires),
    ]


def test_what_an_outside_provider_holds_is_what_the_applicant_stated():
    ana = make_user()
    outside = services.add_rsc_provider(owner=ana, name="Dr. Outside", degree="master")
    services.add_stated_endorsement(
        provider=outside, category="IMHS", start=date(2015, 1, 1), end=date(2020, 1, 1)
    )
    (provider,) = portfolio_facts(ana).providers
    assert provider.endorsements == (HeldPeriod("IMHS", date(2015, 1, 1), date(2020, 1, 1)),)


def test_rsc_with_a_dyad_provider_counts_only_while_dyad_says_they_were_endorsed():
    ana = make_user()
    mia = make_user(display_name="Mia Okafor")
    today = timezone.localdate()
    make_endorsement(
        make_association(),
        "Mia Okafor",
        "IMHM-C",
        holder=mia,
        granted=today - timedelta(days=100),
        expires=today + timedelta(days=265),
    )
    provider = services.add_rsc_provider(owner=ana, user=mia, degree="master")
    for days in (10, 20, 200):  # the last one before Mia was endorsed
        services.add_rsc_session(
            owner=ana,
            provider=provider,
            date=today - timedelta(days=days),
            minutes=600,
            format="individual",
        )
    finding = next(
        f for f in evaluate(portfolio_facts(ana), "IFS", today).findings if f.rule == "rsc_received"
    )
    assert finding.have == 20
    assert finding.evidence == tuple(
        f"rsc_session:{s.pk}" for s in RscSession.objects.order_by("id")[:2]
    )


def test_one_persons_facts_never_hold_anothers_rows():
    ana, ben = make_user(), make_user()
    fill(ben, 3)
    p = portfolio_facts(ana)
    assert (p.education, p.training, p.work, p.providers, p.rsc, p.agreements) == ((),) * 6
    assert p.membership is None
