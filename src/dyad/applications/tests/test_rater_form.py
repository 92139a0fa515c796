"""A rater answers by the link in their email, without an account: rates the applicant on every
competency or declines; the answer is recorded once, and the link then opens only a thank-you.
Mistyped, tampered, expired and renewed links each get a page that says what to do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.applications import invitations, ratings
from dyad.applications.models import Reference, ReferenceRating
from dyad.applications.selectors import timeline
from dyad.core.events import describe
from dyad.core.models import Event

from .conftest import last_email_to, link_in, name_rater

pytestmark = pytest.mark.django_db


def full_rating(comments="Warm and steady with families.", **overrides):
    data = {code: "4" for code in ratings.competencies()}
    data["value_confidentiality"] = ratings.NOT_OBSERVED
    data["comments"] = comments
    data.update(overrides)
    return data


def reload(reference) -> Reference:
    with scopes_disabled():
        return Reference.objects.get(pk=reference.pk)


def test_the_invitation_email_carries_a_short_link_and_says_the_answers_stay_private(rater):
    reference, path = rater
    row = last_email_to("rita@example.org")
    assert row.status == "queued"
    assert row.association_id == reference.application.association_id
    assert row.subject == "Ana Applicant asks you for a reference"
    assert "Hello Rita Rater," in row.body
    assert "asked you for a reference, as a supervisor." in row.body
    assert "Ana Applicant never sees it" in row.body
    assert len(path) == len("/r/") + 24 + 1  # short enough to type from paper
    # only the token's hash is stored, never the token itself
    with scopes_disabled():
        stored = str(Reference.objects.filter(pk=reference.pk).values())
    assert path.split("/")[2] not in stored


def test_the_invitation_is_in_the_language_chosen_for_the_rater(application):
    name_rater(application, email="rosa@example.org", name="Rosa", language="es")
    body = last_email_to("rosa@example.org").body
    # Django's Spanish date format: "25 de diciembre de 2026"
    expires = timezone.localdate() + timedelta(days=30)
    assert f"{expires.day} de " in body
    assert f" de {expires.year}" in body


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_the_invitation(rater, run_tasks):
    run_tasks()
    assert [m.to for m in mail.outbox] == [["rita@example.org"]]
    assert link_in(last_email_to("rita@example.org")) in mail.outbox[0].body


def test_the_link_opens_the_form_without_an_account(client, rater):
    reference, path = rater
    response = client.get(path)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reference for Ana Applicant" in page
    assert "Puts relationships at the center of the work" in page
    assert "Cultural competence" in page  # a knowledge area
    assert "Not observed" in page
    assert reload(reference).opened_at is not None


def test_rating_records_the_answer_once_and_keeps_the_scores(client, rater):
    reference, path = rater
    first = client.post(path, full_rating())
    assert first.status_code == 302
    second = client.post(path, full_rating(comments="A second click"))
    assert second.status_code == 200
    assert "Thank you: your answer is saved" in second.content.decode()
    reference = reload(reference)
    assert reference.status == "rated"
    assert reference.answered_on == timezone.localdate()
    with scopes_disabled():
        rating = ReferenceRating.objects.get()
        assert rating.comments == "Warm and steady with families."
        assert rating.scores["value_relationships"] == "4"
        assert rating.scores["value_confidentiality"] == "not_observed"
        assert len(rating.scores) == 14
        verbs = list(Event.objects.values_list("verb", flat=True))
    assert verbs.count("application.reference_rated") == 1


def test_a_missing_rating_is_shown_next_to_its_competency_and_keeps_what_was_typed(client, rater):
    reference, path = rater
    data = full_rating(comments="Kept as typed")
    del data["area_disorders"]
    response = client.post(path, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a rating, or “Not observed”." in page
    assert 'id="id_area_disorders-errors"' in page
    assert "Kept as typed" in page
    assert 'value="4" id="id_value_integrity_3" checked' in page
    assert reload(reference).status == "requested"


def test_declining_with_a_reason(client, rater):
    reference, path = rater
    page = client.get(path + "decline/")
    assert "Decline to give a reference" in page.content.decode()
    response = client.post(path + "decline/", {"reason": "I left that agency in 2019."})
    assert response.status_code == 302
    assert reload(reference).status == "declined"
    with scopes_disabled():
        assert ReferenceRating.objects.get().decline_reason == "I left that agency in 2019."
    # and a rating sent afterwards changes nothing
    after = client.post(path, full_rating())
    assert "Thank you: your answer is saved" in after.content.decode()
    assert reload(reference).status == "declined"


def test_a_tampered_or_mistyped_link_gets_a_clear_page(client, rater):
    _reference, path = rater
    token = path.split("/")[2]
    changed = token[:-1] + ("a" if token[-1] != "a" else "b")
    for wrong in (f"/r/{changed}/", f"/r/{changed}/decline/"):
        response = client.get(wrong)
        assert response.status_code == 404
        assert "We cannot find this link" in response.content.decode()
    response = client.post(f"/r/{changed}/", full_rating())
    assert response.status_code == 404
    with scopes_disabled():
        assert not ReferenceRating.objects.exists()


def test_an_expired_link_says_so_and_answers_nothing(client, rater):
    reference, path = rater
    with scopes_disabled():
        Reference.objects.filter(pk=reference.pk).update(
            link_expires_at=timezone.now() - timedelta(seconds=1)
        )
    response = client.get(path)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert "office@alpha.example.org" in response.content.decode()
    assert client.post(path, full_rating()).status_code == 410
    assert reload(reference).status == "requested"


def test_links_expire_after_the_configured_days(settings, application):
    settings.DYAD_INVITATION_DAYS = 5
    reference, _path = name_rater(application)
    left = reference.link_expires_at - timezone.now()
    assert timedelta(days=4, hours=23) < left <= timedelta(days=5)


def test_the_coordinator_renews_a_link_the_old_one_stops_working(client, alpha, rater):
    reference, old = rater
    with scopes_disabled():
        Reference.objects.filter(pk=reference.pk).update(
            link_expires_at=timezone.now() - timedelta(days=1),
            invited_at=timezone.now() - timedelta(days=31),
        )
    invitations.renew_invitation(reference=reload(reference), actor=alpha["coordinator"])
    new = link_in(last_email_to("rita@example.org"))
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert reload(reference).link_expires_at > timezone.now() + timedelta(days=29)
    texts = [describe(e) for e in timeline(reference.application)]
    assert texts[-1] == "New reference link sent to a supervisor"


def test_only_a_coordinator_renews(alpha, two_associations, rater):
    reference, _path = rater
    for someone in (alpha["reviewer"], two_associations["beta"]["coordinator"]):
        with pytest.raises(invitations.ApplicationError):
            invitations.renew_invitation(reference=reference, actor=someone)


def test_resending_an_expired_invitation_makes_a_new_link_and_a_double_click_sends_once(
    client, application, rater
):
    reference, old = rater
    with scopes_disabled():
        Reference.objects.filter(pk=reference.pk).update(
            link_expires_at=timezone.now() - timedelta(days=1),
            invited_at=timezone.now() - timedelta(days=31),
        )
        before = last_email_to("rita@example.org").pk
    invitations.resend_invitation(reference=reload(reference), actor=application.applicant)
    invitations.resend_invitation(reference=reload(reference), actor=application.applicant)
    with scopes_disabled():
        from dyad.core.models import OutboundEmail

        assert OutboundEmail.objects.filter(to=["rita@example.org"], pk__gt=before).count() == 1
    new = link_in(last_email_to("rita@example.org"))
    assert new != old
    assert client.get(new).status_code == 200


def test_resending_a_live_invitation_sends_the_same_link(application, rater):
    reference, path = rater
    with scopes_disabled():
        Reference.objects.filter(pk=reference.pk).update(
            invited_at=timezone.now() - timedelta(days=2)
        )
    invitations.resend_invitation(reference=reload(reference), actor=application.applicant)
    assert link_in(last_email_to("rita@example.org")) == path


def test_a_closed_application_link_says_so(client, application, rater):
    from dyad.applications import services

    _reference, path = rater
    services.withdraw_application(application=application, actor=application.applicant)
    response = client.get(path)
    assert response.status_code == 410
    assert "This application is closed" in response.content.decode()


def test_the_page_is_in_the_raters_language_unless_they_choose_another(client, application):
    _reference, path = name_rater(application, email="rosa@example.org", language="es")
    page = client.get(path).content.decode()
    assert 'lang="es"' in page
    client.post("/i18n/setlang/", {"language": "en", "next": path})
    assert 'lang="en"' in client.get(path).content.decode()


def test_the_applicant_names_a_rater_in_their_language_and_sees_the_invitation(client, application):
    client.force_login(application.applicant)
    response = client.post(
        f"/applications/{application.pk}/references/",
        {"name": "Rosa Ruiz", "email": "rosa@example.org", "role": "supervisor", "language": "es"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        reference = Reference.objects.get(email="rosa@example.org")
    assert reference.language == "es"
    path = link_in(last_email_to("rosa@example.org"))
    page = client.get(f"/applications/{application.pk}/").content.decode()
    assert "queued" in page  # the invitation's delivery
    assert "http://testserver" + path in page  # the link to copy
    assert "Send the invitation again" in page
