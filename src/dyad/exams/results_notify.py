"""The candidate is told their result is decided, in their language (as `sitting_notify.py`),
through the outbox in the sitting's association scope, inside the decision's transaction. The
email says pass or not and links to the result page; the scores stay behind the sign-in."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scope

from dyad.accounts.selectors import language_of

from .models import Result


def decided(result: Result) -> None:
    sitting = result.sitting
    person = sitting.candidate
    form = sitting.window.form
    with translation.override(language_of(person)):
        subject = _("Your %(category)s exam result") % {"category": form.category}
        body = render_to_string(
            "exams/results/email/decided.txt",
            {
                "person": person,
                "result": result,
                "form": form,
                "association": sitting.association,
                "url": settings.SITE_URL.rstrip("/") + reverse("exams:result", args=[sitting.pk]),
            },
        )
        # in the sitting's association scope whatever scope the decision runs in (a scorer's
        # page, or a candidate's submission that needs no written scoring)
        with scope(association=sitting.association):
            send_mail(subject, body, None, [person.email])
