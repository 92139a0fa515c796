"""The made-up year of history the demo and the bench load (history.py)."""

import pytest
from django_scopes import scopes_disabled

from dyad.applications.models import Application
from dyad.core.models import Event
from dyad.credentials.models import Endorsement
from dyad.reports import figures
from dyad.reports.history import add_history
from dyad.testing.factories import make_association

pytestmark = pytest.mark.django_db


def test_a_year_of_history_fills_every_figure_once(django_assert_max_num_queries):
    association = make_association("history")
    with django_assert_max_num_queries(40):  # bulk: the number of queries does not grow
        assert (
            add_history(
                association, state="MI", counties=["Wayne County", "Kent County"], people=60
            )
            == 60
        )
    assert add_history(association, state="MI", counties=["Wayne County"]) == 0  # once only
    with scopes_disabled():
        assert Application.objects.filter(association=association).count() == 60
        for application in Application.objects.filter(association=association):
            moves = Event.objects.filter(
                subject_type="applications.application", subject_id=str(application.pk)
            ).exclude(to_state="")
            last = moves.order_by("created_at", "id").last()
            assert last.to_state == application.state
            assert (application.endorsement_id is not None) == (application.state == "endorsed")
        assert set(Endorsement.objects.values_list("state", flat=True)) == {"MI"}
        report = {f.slug: f for f in figures.dashboard(association)}
        counties = figures.by_county(association, "MI")
    assert not report["states"].empty and not report["months"].empty
    assert not report["renewals"].empty and not report["lapses"].empty
    assert set(counties.counts) <= {"wayne", "kent"} and counties.counts
