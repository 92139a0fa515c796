"""Everyone who waits on a step hears of it by email, through the outbox, in their language:
coordinators of a submission and a recommendation, the reviewer of an assignment, the applicant
of a return (with what to address), an endorsement or a denial."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled

from dyad.applications import reviewing, services
from dyad.core.models import OutboundEmail
from dyad.testing.factories import make_association, make_staff, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha():
    association = make_association("alpha", name="Alpha Association", standards=["IMH-E"])
    return {
        "association": association,
        "coordinator": make_staff(association, "coordinator", display_name="Cora"),
        "reviewer": make_staff(association, "reviewer", display_name="Rui", language="es"),
    }


def outbox_to(email: str) -> list[OutboundEmail]:
    with scopes_disabled():
        return [m for m in OutboundEmail.objects.order_by("id") if email in m.to]


def test_each_step_reaches_the_person_who_waits_for_it(alpha, submit):
    applicant = make_user(display_name="Ana", language="en")
    application = submit(alpha["association"], alpha["coordinator"], applicant)
    [submitted] = outbox_to(alpha["coordinator"].email)
    assert submitted.subject == "An application is waiting: IFS"
    assert submitted.association_id == alpha["association"].pk
    assert f"/a/alpha/applications/{application.pk}/" in submitted.body

    assignment = reviewing.assign_reviewer(
        application=application, reviewer=alpha["reviewer"], actor=alpha["coordinator"]
    )
    [assigned] = outbox_to(alpha["reviewer"].email)
    assert assigned.subject == "Una solicitud para revisar: IFS"  # the reviewer reads Spanish

    with scopes_disabled():
        findings = application.snapshots.get().assessment["findings"]
    for f in findings:
        reviewing.record_judgement(
            assignment=assignment, actor=alpha["reviewer"], rule=f["rule"], judgement="confirmed"
        )
    reviewing.recommend(assignment=assignment, actor=alpha["reviewer"], recommendation="return")
    recommended = outbox_to(alpha["coordinator"].email)[-1]
    assert "Rui recommended on the IFS application of Ana: return for more." in recommended.body

    with translation.override("es"):  # the coordinator works in Spanish; Ana reads English
        services.return_application(
            application=application, actor=alpha["coordinator"], rules=["work"], reason="Dates?"
        )
    [returned] = outbox_to(applicant.email)
    assert returned.subject == "Your IFS application: returned for more"
    assert "Please address: Work experience." in returned.body
    assert "Dates?" in returned.body


def test_an_endorsement_and_a_denial_tell_the_applicant(alpha, submit):
    endorsed = submit(alpha["association"], alpha["coordinator"], make_user(language="es"))
    reviewing.assign_reviewer(
        application=endorsed, reviewer=alpha["reviewer"], actor=alpha["coordinator"]
    )
    endorsed = services.endorse_application(application=endorsed, actor=alpha["coordinator"])
    [letter] = outbox_to(endorsed.applicant.email)
    assert letter.subject == "Su solicitud de IFS: acreditada"
    assert endorsed.endorsement.number in letter.body

    denied = submit(alpha["association"], alpha["coordinator"])
    services.begin_review(application=denied, actor=alpha["coordinator"])
    services.deny_application(application=denied, actor=alpha["coordinator"], reason="Not IMH")
    [no] = outbox_to(denied.applicant.email)
    assert "was not approved" in no.body and "Not IMH" in no.body


def test_a_move_that_fails_sends_nothing(alpha, submit):
    application = submit(alpha["association"], alpha["coordinator"])
    before = len(outbox_to(application.applicant.email))
    with pytest.raises(services.ApplicationError):
        services.endorse_application(application=application, actor=alpha["reviewer"])
    assert len(outbox_to(application.applicant.email)) == before


def test_choosing_a_language_on_the_site_is_kept_for_email(client):
    person = make_user()
    client.force_login(person)
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    person.refresh_from_db()
    assert person.language == "es"
