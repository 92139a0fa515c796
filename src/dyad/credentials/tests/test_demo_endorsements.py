"""The demo's endorsements are made by the credential services, so `make run` shows the rules."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.core.models import Event
from dyad.renewals import demo_flow, demo_sweep

pytestmark = pytest.mark.django_db


def endorsement_events():
    with scopes_disabled():
        return sorted(
            Event.objects.filter(subject_type="credentials.endorsement").values_list(
                "verb", flat=True
            )
        )


def test_the_demo_grants_lapses_and_revokes_through_the_services(client):
    call_command("demo", verbosity=0)
    verbs = endorsement_events()
    # eight made directly, one by the demo application that was endorsed, and the renewals'
    # people (who hold an account): those of the sweep and those of the renewal flow
    renewals_people = [*demo_sweep.PEOPLE, *demo_flow.PEOPLE]
    assert verbs.count("endorsement.granted") == 9 + len(renewals_people)
    lapsed_in_the_flow = sum(1 for p in demo_flow.PEOPLE if p[4] < -90)
    assert verbs.count("endorsement.lapsed") == 1 + lapsed_in_the_flow
    assert verbs.count("endorsement.revoked") == 1
    html = client.get(reverse("credentials:registry")).content.decode()
    assert "Grace Kowalski" in html  # expired a month ago: in the grace period
    assert "Dana Reyes" not in html  # lapsed
    assert "Chris Bell" not in html  # revoked
    # six made directly, one by an application, and the renewals' people still in force
    in_force = 7 + sum(1 for p in renewals_people if p[4] >= -90)
    assert f"{in_force} active endorsements" in html
    wayne = client.get(reverse("credentials:registry"), {"county": "wayne"}).content.decode()
    assert "Nia Thompson" in wayne and "Luis Ortega" in wayne and "Omar Haddad" not in wayne
    assert "Wayne County, MI" in wayne


def test_running_the_demo_again_records_nothing_new():
    call_command("demo", verbosity=0)
    first = endorsement_events()
    call_command("demo", verbosity=0)
    assert endorsement_events() == first
