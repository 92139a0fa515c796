"""Email goes through the outbox: a failing mail server never loses a message."""

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.db import transaction

from dyad.core.mail import cross_tenant_mail
from dyad.core.models import OutboundEmail

pytestmark = pytest.mark.django_db(transaction=True)

FAILING = {"BACKEND": "dyad.core.tests.failing_backend.RefusingBackend"}


def send():
    with transaction.atomic(), cross_tenant_mail("delivery tests"):
        send_mail("Your reference request", "Please rate Ana.", None, ["rater@example.org"])


def test_a_message_is_stored_then_delivered_by_the_worker(run_tasks):
    send()
    row = OutboundEmail.objects.get()
    assert row.status == "queued"
    assert mail.outbox == []  # nothing leaves inside the request
    run_tasks()
    row.refresh_from_db()
    assert row.status == "sent"
    assert row.attempts == 1
    assert [m.subject for m in mail.outbox] == ["Your reference request"]
    assert mail.outbox[0].to == ["rater@example.org"]


def test_a_failing_mail_server_keeps_the_message_and_retries(settings, run_tasks):
    settings.DYAD_DELIVERY_EMAIL = FAILING
    send()
    run_tasks()
    row = OutboundEmail.objects.get()
    assert row.status == "queued"
    assert row.attempts == 1
    assert "Connection refused" in row.last_error
    # the retry is scheduled for later, not lost; once the server is back it goes out
    settings.DYAD_DELIVERY_EMAIL = {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    from dyad.core.mail import deliver_email

    deliver_email.call(row.pk)
    row.refresh_from_db()
    assert row.status == "sent"
    assert row.attempts == 2
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_the_message_is_kept_as_failed_and_can_be_resent(
    settings, run_tasks
):
    from django.core.management import call_command

    from dyad.core.mail import deliver_email

    settings.DYAD_DELIVERY_EMAIL = FAILING
    settings.DYAD_EMAIL_MAX_ATTEMPTS = 2
    send()
    row = OutboundEmail.objects.get()
    deliver_email.call(row.pk)
    deliver_email.call(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 2)
    settings.DYAD_DELIVERY_EMAIL = {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    call_command("resend_email", verbosity=0)
    run_tasks()
    row.refresh_from_db()
    assert row.status == "sent"
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_sends_nothing(run_tasks):
    with pytest.raises(RuntimeError), transaction.atomic(), cross_tenant_mail("test"):
        send_mail("Never", "rolled back", None, ["x@example.org"])
        raise RuntimeError
    run_tasks()
    assert OutboundEmail.objects.count() == 0
    assert mail.outbox == []


def test_many_messages_at_once_keep_every_part_and_are_delivered(run_tasks):
    from django.core.mail import EmailMultiAlternatives

    from dyad.core.mail import send_many

    messages = []
    for n in range(3):
        message = EmailMultiAlternatives(
            f"Reminder {n}",
            "Your endorsement expires soon.",
            None,
            [f"person{n}@example.org"],
            cc=["office@example.org"],
            reply_to=["coordinator@example.org"],
            headers={"X-Dyad-Step": "before-30"},
        )
        message.attach_alternative("<p>Your endorsement expires soon.</p>", "text/html")
        messages.append(message)
    with transaction.atomic(), cross_tenant_mail("delivery tests"):
        ids = send_many(messages)
    rows = list(OutboundEmail.objects.filter(pk__in=ids).order_by("pk"))
    assert [r.to for r in rows] == [[f"person{n}@example.org"] for n in range(3)]
    assert {(tuple(r.cc), tuple(r.reply_to), r.headers["X-Dyad-Step"]) for r in rows} == {
        (("office@example.org",), ("coordinator@example.org",), "before-30")
    }
    assert all(r.html.startswith("<p>") for r in rows)
    run_tasks()
    assert sorted(m.subject for m in mail.outbox) == ["Reminder 0", "Reminder 1", "Reminder 2"]
    assert mail.outbox[0].cc == ["office@example.org"]
