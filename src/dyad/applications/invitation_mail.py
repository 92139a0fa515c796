"""The messages that carry a rater's or an RS/C provider's link: invitations and reminders, in
the recipient's language, through the outbox in the application's association scope (the
caller's service runs in it). The outbox row of the latest message is kept on the invitation,
so its delivery (queued, sent, failed and why) shows where the invitation is shown."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from dyad.core.models import OutboundEmail
from dyad.standards.messages import m, render

REFERENCE = "reference"
RSC = "rsc"

#: the URL name of each kind of link
URL_NAMES = {REFERENCE: "raters:reference", RSC: "raters:rsc"}
HEADER = "X-Dyad-Invitation"


def link_path(kind: str, token: str) -> str:
    return reverse(URL_NAMES[kind], args=[token])


def absolute_link(kind: str, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + link_path(kind, token)


def _role(role: str) -> str:
    try:
        return render(m(f"role.{role}"), translation.gettext)
    except KeyError:
        return role


def send_reference_invitation(reference, token: str, *, reminder: bool = False) -> OutboundEmail:
    application = reference.application
    with translation.override(reference.language):
        context = {
            "name": reference.name,
            "applicant": application.applicant.name,
            "association": application.association.name,
            "contact": application.association.contact_email,
            "category": application.category,
            "role": _role(reference.role),
            "link": absolute_link(REFERENCE, token),
            "expires": formats.date_format(
                timezone.localtime(reference.link_expires_at), "DATE_FORMAT"
            ),
            "reminder": reminder,
        }
        subject = render_to_string("applications/rater/email/reference_subject.txt", context)
        body = render_to_string("applications/rater/email/reference.txt", context)
    return _send(reference, subject, body, reference.email)


def send_rsc_invitation(confirmation, token: str, *, reminder: bool = False) -> OutboundEmail:
    application = confirmation.application
    with translation.override(confirmation.language):
        context = {
            "name": confirmation.provider.shown_name,
            "applicant": application.applicant.name,
            "association": application.association.name,
            "contact": application.association.contact_email,
            "count": confirmation.provider.sessions.count(),
            "has_account": confirmation.provider.user_id is not None,
            "account_link": settings.SITE_URL.rstrip("/") + reverse("raters:rsc_mine"),
            "link": absolute_link(RSC, token),
            "expires": formats.date_format(
                timezone.localtime(confirmation.link_expires_at), "DATE_FORMAT"
            ),
            "reminder": reminder,
        }
        subject = render_to_string("applications/rater/email/rsc_subject.txt", context)
        body = render_to_string("applications/rater/email/rsc.txt", context)
    return _send(confirmation, subject, body, confirmation.email)


def _send(invitation, subject: str, body: str, to: str) -> OutboundEmail:
    """Send one message through the outbox and return its row (found by a header of its own)."""
    mark = uuid.uuid4().hex
    before = OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    EmailMessage(
        subject=" ".join(subject.split()), body=body, to=[to], headers={HEADER: mark}
    ).send()
    rows = OutboundEmail.objects.filter(pk__gt=before, to=[to]).order_by("-pk")
    row = next(r for r in rows if r.headers.get(HEADER) == mark)
    invitation.invitation = row
    invitation.invited_at = timezone.now()
    # reminders follow by themselves: a reminder run waits in the queue (see tasks)
    from .tasks import schedule_reminders

    transaction.on_commit(schedule_reminders)
    return row
