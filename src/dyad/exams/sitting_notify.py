"""Email to candidates about their sittings, each in the candidate's language (as
`applications/notify.py` does), through the outbox in the sitting's association scope. Called by
the services inside the transaction of the change: a change that rolls back sends nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dyad.accounts.selectors import language_of

from .models import Sitting


def invited(sitting: Sitting) -> None:
    """The candidate may sit the exam any time the window is open."""
    person = sitting.candidate
    window = sitting.window
    with translation.override(language_of(person)):
        subject = _("Your %(category)s exam is open from %(date)s") % {
            "category": window.form.category,
            "date": _local(window.opens_at),
        }
        body = render_to_string(
            "exams/sitting/email/invited.txt",
            {
                "person": person,
                "sitting": sitting,
                "window": window,
                "opens": _local(window.opens_at),
                "closes": _local(window.closes_at),
                "minutes": window.form.minutes + sitting.extra_minutes,
                "association": window.association,
                "url": settings.SITE_URL.rstrip("/") + reverse("exams:mine"),
            },
        )
        send_mail(subject, body, None, [person.email])


def _local(moment) -> str:
    from django.utils import formats, timezone

    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
