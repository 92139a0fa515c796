"""What the applicant and the coordinator see of each invitation: queued, sent, failed with the
mail server's reason, opened, answered, declined; the link to copy; and reminders, sent once per
step however often the task runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from django_scopes import scopes_disabled

from dyad.applications import invitation_status
from dyad.applications.models import Reference
from dyad.applications.tasks import send_reminders
from dyad.core.models import OutboundEmail

from .conftest import link_in, name_rater
from .test_rater_form import full_rating

FAILING = {"BACKEND": "dyad.core.tests.failing_backend.RefusingBackend"}


def status(reference):
    with scopes_disabled():
        fresh = Reference.objects.select_related("invitation").get(pk=reference.pk)
    return invitation_status.invitation_status(fresh)


@pytest.mark.django_db(transaction=True)
def test_queued_then_sent_then_opened_then_answered(client, rater, run_tasks):
    reference, path = rater
    assert status(reference).state == "queued"
    run_tasks()
    assert status(reference).state == "sent"
    assert status(reference).at is not None
    client.get(path)
    assert status(reference).state == "opened"
    client.post(path, full_rating())
    assert status(reference).state == "answered"
    assert status(reference).expired is False


@pytest.mark.django_db(transaction=True)
def test_a_failed_delivery_shows_the_mail_servers_reason(settings, rater, run_tasks):
    settings.DYAD_DELIVERY_EMAIL = FAILING
    settings.DYAD_EMAIL_MAX_ATTEMPTS = 1
    reference, _path = rater
    run_tasks()
    shown = status(reference)
    assert shown.state == "failed"
    assert "Connection refused by smtp.example.org:587" in shown.reason
    html = render_to_string("applications/_reference_status.html", {"invitation": shown})
    assert "failed" in html
    assert "Connection refused by smtp.example.org:587" in html


@pytest.mark.django_db
def test_a_retry_on_its_way_says_what_went_wrong_so_far(settings, rater):
    reference, _path = rater
    with scopes_disabled():
        OutboundEmail.objects.filter(pk=reference.invitation_id).update(
            attempts=1, last_error="SMTPRecipientsRefused: 550 mailbox full"
        )
    shown = status(reference)
    assert (shown.state, shown.reason) == ("queued", "SMTPRecipientsRefused: 550 mailbox full")


@pytest.mark.django_db
def test_declined_and_expired_states(client, application, rater):
    reference, path = rater
    client.post(path + "decline/", {"reason": ""})
    assert status(reference).state == "declined"
    other, _ = name_rater(application, email="otto@example.org", name="Otto")
    with scopes_disabled():
        Reference.objects.filter(pk=other.pk).update(link_expires_at=timezone.now())
    shown = status(other)
    assert shown.expired
    html = render_to_string("applications/_reference_status.html", {"invitation": shown})
    assert "The link has expired" in html


@pytest.mark.django_db
def test_the_applicant_gets_the_link_to_copy_until_it_is_answered(client, application, rater):
    _reference, path = rater
    request = RequestFactory().get("/")
    [shown] = invitation_status.references_with_status(application, request)
    assert shown.link == "http://testserver" + path
    html = render_to_string("applications/_reference_status.html", {"invitation": shown})
    assert path in html
    assert "Copy the link" in html
    assert "copy-link.js" in html
    client.post(path, full_rating())
    [shown] = invitation_status.references_with_status(application, request)
    assert shown.link is None


@pytest.mark.django_db
def test_statuses_of_many_references_take_the_same_queries(
    application, django_assert_max_num_queries
):
    for n in range(2):
        name_rater(application, email=f"r{n}@example.org")
    with django_assert_max_num_queries(2):
        assert len(invitation_status.references_with_status(application)) == 2
    for n in range(2, 12):
        name_rater(application, email=f"r{n}@example.org")
    with django_assert_max_num_queries(2):
        assert len(invitation_status.references_with_status(application)) == 12


def days_ago(reference, days):
    with scopes_disabled():
        Reference.objects.filter(pk=reference.pk).update(
            invited_at=timezone.now() - timedelta(days=days, minutes=1)
        )


def reminders_to(address):
    with scopes_disabled():
        return list(
            OutboundEmail.objects.filter(to=[address], subject__startswith="Reminder:").order_by(
                "pk"
            )
        )


@pytest.mark.django_db
def test_reminders_go_after_7_and_14_days_once_each(client, rater):
    reference, path = rater
    assert send_reminders.call() == 0
    days_ago(reference, 7)
    assert send_reminders.call() == 1
    assert send_reminders.call() == 0  # the same step is never sent twice
    [first] = reminders_to("rita@example.org")
    assert first.subject == "Reminder: Ana Applicant asks you for a reference"
    assert "We have not had your answer yet" in first.body
    assert link_in(first) == path  # the same link
    days_ago(reference, 14)
    assert send_reminders.call() == 1
    assert send_reminders.call() == 0
    assert len(reminders_to("rita@example.org")) == 2
    with scopes_disabled():
        assert Reference.objects.get(pk=reference.pk).reminders_sent == [7, 14]


@pytest.mark.django_db
def test_a_late_run_sends_one_reminder_not_a_burst(rater):
    reference, _path = rater
    days_ago(reference, 20)
    assert send_reminders.call() == 1
    assert send_reminders.call() == 0
    assert len(reminders_to("rita@example.org")) == 1


@pytest.mark.django_db
def test_no_reminder_to_a_rater_who_answered_or_whose_link_expired(client, application, rater):
    reference, path = rater
    client.post(path, full_rating())
    days_ago(reference, 8)
    other, _ = name_rater(application, email="otto@example.org", name="Otto")
    days_ago(other, 8)
    with scopes_disabled():
        Reference.objects.filter(pk=other.pk).update(link_expires_at=timezone.now())
    assert send_reminders.call() == 0


@pytest.mark.django_db(transaction=True)
def test_the_daily_command_queues_the_reminders_for_the_worker(rater, run_tasks):
    from io import StringIO

    from django.core.management import call_command

    reference, _path = rater
    days_ago(reference, 7)
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "queued" in out.getvalue()
    assert reminders_to("rita@example.org") == []
    run_tasks()
    assert len(reminders_to("rita@example.org")) == 1
    assert [m.subject for m in mail.outbox].count(
        "Reminder: Ana Applicant asks you for a reference"
    ) == 1
