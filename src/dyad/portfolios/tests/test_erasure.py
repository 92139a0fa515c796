"""Erasing a person removes their portfolio: it is their personal data, and names others."""

from datetime import date

import pytest
from django_scopes import scopes_disabled

from dyad.accounts.services import erase_person
from dyad.core.events import describe, history
from dyad.portfolios import services
from dyad.portfolios.models import ENTRY_MODELS, RscProvider, StatedEndorsement
from dyad.portfolios.selectors import portfolio_facts
from dyad.testing.factories import make_association, make_endorsement, make_user

pytestmark = pytest.mark.django_db


def test_an_erased_persons_portfolio_is_gone_and_the_log_says_so():
    ana = make_user(display_name="Ana Ruiz")
    admin = make_user(is_alliance_admin=True)
    outside = services.add_rsc_provider(owner=ana, name="Dr. Outside", degree="master")
    services.add_stated_endorsement(provider=outside, category="IMHS", start=date(2015, 1, 1))
    work = services.add_work_experience(
        owner=ana,
        start=date(2020, 1, 1),
        hours_per_week=40,
        paid=True,
        kind="prevention",
        participants="child_and_caregiver",
        min_months=0,
        max_months=36,
    )
    services.add_rsc_session(
        owner=ana, provider=outside, work=work, date=date(2025, 1, 1), minutes=60, format="group"
    )
    services.sign_agreement(owner=ana, document="code_of_ethics", signed=date(2026, 1, 5))
    make_endorsement(make_association(), "Ana Ruiz", "IMHM-C", holder=ana)
    ben = make_user()
    theirs = services.add_rsc_provider(owner=ben, user=ana)  # Ana gave Ben RS/C

    erase_person(user=ana, actor=admin, reason="asked to be forgotten")

    assert not any(m.objects.filter(owner=ana).exists() for m in ENTRY_MODELS)
    assert not StatedEndorsement.objects.exists()
    with scopes_disabled():  # a person's own events belong to no association
        verbs = [(e.verb, describe(e)) for e in history(ana)]
    assert (
        "portfolio.erased",
        "The portfolio was erased with the person's data: 4 entries removed",
    ) in verbs
    # Ben keeps his provider entry; it shows Ana's pseudonym now.
    assert RscProvider.objects.get(pk=theirs.pk).shown_name == f"Erased person {ana.pk}"
    assert portfolio_facts(ben).providers[0].name == f"Erased person {ana.pk}"
