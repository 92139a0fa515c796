"""The demo's endorsements are made by the credential services, so `make run` shows the rules."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scopes_disabled

from dyad.core.models import Event
from dyad.credentials.models import Endorsement
from dyad.renewals import demo_flow, demo_sweep

pytestmark = pytest.mark.django_db


def endorsement_events():
    """The demo's own endorsements' events, without the year of made-up history that the
    reports draw on (dyad.reports.history: holders' emails start with "history-")."""
    with scopes_disabled():
        history = Endorsement.objects.filter(holder__email__startswith="history-")
        return sorted(
            Event.objects.filter(subject_type="credentials.endorsement")
            .exclude(subject_id__in=[str(pk) for pk in history.values_list("pk", flat=True)])
            .values_list("verb", flat=True)
        )


def test_the_demo_grants_lapses_and_revokes_through_the_services(client):
    call_command("demo", verbosity=0)
    verbs = endorsement_events()
    # eight made directly, one by the demo application that was endorsed, five imported from
    # the old portal's spreadsheet (dyad.imports.demo), one of them lapsed, and the renewals'
    # people (who hold an account): those of the sweep and those of the renewal flow
    renewals_people = [*demo_sweep.PEOPLE, *demo_flow.PEOPLE]
    assert verbs.count("endorsement.granted") == 14 + len(renewals_people)
    lapsed_in_the_flow = sum(1 for p in demo_flow.PEOPLE if p[4] < -90)
    assert verbs.count("endorsement.lapsed") == 2 + lapsed_in_the_flow
    assert verbs.count("endorsement.revoked") == 1
    registry = reverse("credentials:registry")

    def found(name):
        """The person's endorsement number in the registry's answer to a search for them (the
        page repeats the search itself, so the name alone would always be there)."""
        with scopes_disabled():
            number = Endorsement.objects.get(holder_name=name).number
        return number in client.get(registry, {"q": name}).content.decode()

    assert found("Grace Kowalski")  # expired a month ago: in the grace period
    assert not found("Dana Reyes")  # lapsed
    assert not found("Chris Bell")  # revoked

    def in_wayne(name):
        answer = client.get(registry, {"county": "wayne", "q": name}).content.decode()
        return name in answer.replace(f'value="{name}"', "") and "Wayne County, MI" in answer

    assert in_wayne("Nia Thompson") and in_wayne("Luis Ortega") and not in_wayne("Omar Haddad")


def test_running_the_demo_again_records_nothing_new():
    call_command("demo", verbosity=0)
    first = endorsement_events()
    call_command("demo", verbosity=0)
    assert endorsement_events() == first
