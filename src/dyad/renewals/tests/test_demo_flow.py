"""The renewal flow's demo data: one person can renew now, one waits for evidence after the
audit draw, one can apply to reinstate; a second load finds what the first made."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from dyad.credentials.models import Endorsement
from dyad.renewals import demo_flow, draw, services
from dyad.renewals.models import Renewal
from dyad.testing.factories import make_association, make_user

pytestmark = pytest.mark.django_db


def test_the_demo_shows_each_step_and_loads_twice_the_same():
    associations = {"great-lakes": make_association("great-lakes")}
    people = {}

    def user(email, name):
        if email not in people:
            people[email] = make_user(email, display_name=name)
        return people[email]

    demo_flow.load(associations, user)
    demo_flow.load(associations, user)
    with scopes_disabled():
        rene = Endorsement.objects.get(holder=people["rene.renewer@example.org"])
        assert services.can_renew(rene) and not rene.renewals.exists()
        alma = Renewal.objects.get(person=people["alma.audit@example.org"])
        assert alma.state == Renewal.State.AUDIT and not alma.evidence.exists()
        assert draw.rerun(alma.draw) is True
        lena = Endorsement.objects.get(holder=people["lena.lapsed@example.org"])
        assert lena.status == Endorsement.Status.LAPSED
        assert Renewal.objects.count() == 1
        assert Endorsement.objects.count() == 3
