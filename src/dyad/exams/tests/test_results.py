"""The result after scoring: the candidate's application shows it, and the coordinator can
endorse after a pass (and only then)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from dyad.applications import states
from dyad.applications.models import Application
from dyad.associations.models import StaffMembership
from dyad.exams import scoring_services
from dyad.testing.factories import make_association, make_staff

from .scoring_cast import assignments, mine, scoring_world, submitted

pytestmark = pytest.mark.django_db


def scored(value: str, **form_values):
    association = make_association("alpha")
    coordinator = make_staff(association, StaffMembership.Role.COORDINATOR)
    _form, window, _people = scoring_world(association, coordinator, scorers=2, **form_values)
    sitting = submitted(window, coordinator)
    for scorer in {a.scorer for a in assignments(sitting)}:
        with scope(association=association):
            scoring_services.record_scores(
                sitting=sitting,
                scorer=scorer,
                scores={a.pk: (value, "") for a in mine(sitting, scorer)},
            )
    return association, coordinator, sitting


def decide(client, coordinator, application, decision="endorse"):
    client.force_login(coordinator)
    return client.post(
        reverse("pipeline:application", args=["alpha", application.pk]),
        {"action": "decide", "decision": decision},
    )


def test_after_a_pass_both_sides_see_it_and_the_coordinator_endorses(client):
    _association, coordinator, sitting = scored("4")
    client.force_login(sitting.candidate)
    html = client.get(reverse("applications:detail", args=[sitting.application_id])).content
    assert b'id="exam"' in html and b"passed" in html
    response = decide(client, coordinator, sitting.application)
    assert response.status_code == 302
    with scopes_disabled():
        assert Application.objects.get(pk=sitting.application_id).state == states.ENDORSED


def test_after_a_fail_the_endorsement_is_refused_with_the_reason(client):
    _association, coordinator, sitting = scored("0")
    client.force_login(coordinator)
    html = client.get(
        reverse("pipeline:application", args=["alpha", sitting.application_id])
    ).content.decode()
    assert "not passed" in html
    response = decide(client, coordinator, sitting.application)
    assert "has not passed the IMHS exam yet" in response.content.decode()
    with scopes_disabled():
        assert Application.objects.get(pk=sitting.application_id).state == states.EXAM


def test_the_candidates_result_page_tells_strengths_and_areas_to_develop(client):
    # mc all right (attachment_loss 100%), written 1 of 4 on both (value_reflection 25%)
    _association, _coordinator, sitting = scored("1")
    client.force_login(sitting.candidate)
    html = client.get(reverse("exams:result", args=[sitting.pk])).content.decode()
    assert "You did not pass this time." in html
    develop = html.index("An area to develop")
    strength = html.index("A strength.")
    assert develop < strength  # weakest first
    assert "25%" in html and "100%" in html


def test_the_candidate_is_told_by_email_in_their_language(client):
    from dyad.core.models import OutboundEmail

    _association, _coordinator, sitting = scored("4")
    with scopes_disabled():
        [mail] = [
            m
            for m in OutboundEmail.objects.all()
            if sitting.candidate.email in m.to and "result" in m.subject
        ]
    assert mail.subject == "Your IMHS exam result"
    assert "You passed the IMHS exam." in mail.body
    assert f"/exams/results/{sitting.pk}/" in mail.body
    assert mail.association_id == sitting.association_id
