"""How raters' and RS/C providers' invitations are doing, for the pages that show them: the
applicant's (with the link to copy), the coordinator's and the reviewer's. Reads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope

from dyad.core.models import OutboundEmail
from dyad.portfolios.models import RscProvider

from . import invitation_mail, links
from .invitation_mail import REFERENCE, RSC
from .models import Application, Reference, RscConfirmation


def invitation_link(reference: Reference, request) -> str | None:
    """The rater's current link, for the applicant to copy where mail is blocked (theirs to
    forward: it opens the rater's form, never the answers). None once answered or expired."""
    if reference.is_answered or links.is_expired(reference):
        return None
    token = links.token_of(reference, REFERENCE)
    return request.build_absolute_uri(invitation_mail.link_path(REFERENCE, token))


STATES = {
    "not_sent": gettext_lazy("not sent"),
    "queued": gettext_lazy("queued"),
    "sent": gettext_lazy("sent"),
    "failed": gettext_lazy("failed"),
    "opened": gettext_lazy("opened"),
    "answered": gettext_lazy("answered"),
    "declined": gettext_lazy("declined"),
}


@dataclass(frozen=True)
class InvitationStatus:
    reference: Reference
    state: str  # a key of STATES
    at: datetime | None  # when it got there, where known
    reason: str  # the mail server's words for "failed"
    expires_at: datetime | None
    expired: bool
    link: str | None = None  # the rater's link, where the page shows it (`invitation_link`)

    @property
    def label(self) -> str:
        return str(STATES[self.state])

    @property
    def kind(self) -> str:
        """ "reference" or "rsc": keeps ids apart on a page that shows both."""
        return RSC if isinstance(self.reference, RscConfirmation) else REFERENCE

    @property
    def badge(self) -> str:
        """Bootstrap's colour classes for the state's badge (contrast-safe pairs)."""
        return BADGES[self.state]


BADGES = {
    "not_sent": "text-bg-warning",
    "queued": "text-bg-light border",
    "sent": "text-bg-primary",
    "failed": "text-bg-danger",
    "opened": "text-bg-info",
    "answered": "text-bg-success",
    "declined": "text-bg-secondary",
}


def invitation_status(reference, link: str | None = None) -> InvitationStatus:
    """Where an invitation (a rater's `Reference` or an `RscConfirmation`) stands: answered or
    declined, else opened, else the delivery of the latest message (queued, sent, failed with the
    mail server's reason). One query for the outbox row unless `invitation` was selected with it
    (`references_with_status`, `rsc_confirmations_with_status`)."""
    email = reference.invitation if reference.invitation_id else None
    reason = ""
    at: object = None
    if isinstance(reference, RscConfirmation):
        answered = "answered" if reference.answered_at else None
        answered_at = reference.answered_at
    else:
        answered = {
            Reference.Status.RATED: "answered",
            Reference.Status.DECLINED: "declined",
        }.get(reference.status)
        answered_at = reference.answered_on
    if answered:
        state, at = answered, answered_at
    elif reference.opened_at:
        state, at = "opened", reference.opened_at
    elif email is None:
        state = "not_sent"
    elif email.status == OutboundEmail.Status.SENT:
        state, at = "sent", email.sent_at
    elif email.status in (OutboundEmail.Status.FAILED, OutboundEmail.Status.WITHDRAWN):
        state, at = "failed", email.created_at
        reason = email.last_error or _("The message was withdrawn.")
    else:
        state, at = "queued", email.created_at
        reason = email.last_error  # a retry is on its way: say what went wrong so far
    return InvitationStatus(
        reference=reference,
        state=state,
        at=at,
        reason=reason,
        expires_at=reference.link_expires_at,
        expired=not reference.is_answered and links.is_expired(reference),
        link=link,
    )


def rsc_confirmations_with_status(application: Application, request=None) -> list[InvitationStatus]:
    """Every RS/C provider asked to confirm, with the status of their invitation (`reference` is
    the `RscConfirmation`; its `name` is the provider's), in two queries; with `request`, each
    unanswered one carries its link."""
    with scope(association=application.association_id):
        confirmations = list(
            RscConfirmation.objects.filter(application=application)
            .select_related("invitation", "provider__user")
            .order_by("created_at", "id")
        )
    result = []
    for c in confirmations:
        link = None
        if request is not None and not c.is_answered and not links.is_expired(c):
            token = links.token_of(c, RSC)
            link = request.build_absolute_uri(invitation_mail.link_path(RSC, token))
        result.append(invitation_status(c, link))
    return result


def references_with_status(application: Application, request=None) -> list[InvitationStatus]:
    """Every reference of the application with its status, in two queries; with `request`, each
    unanswered one carries its link (the applicant's page, for "copy the link")."""
    with scope(association=application.association_id):
        references = list(
            Reference.objects.filter(application=application)
            .select_related("invitation")
            .order_by("created_at", "id")
        )
    return [
        invitation_status(r, invitation_link(r, request) if request is not None else None)
        for r in references
    ]


def rsc_rows(application: Application, request, errors: dict | None = None) -> list[dict]:
    """The applicant's RS/C providers with sessions, for the application's page: how many
    sessions, how many wait for the provider's answer, the invitation's status if they were asked
    (with its link), and an error from the last attempt to ask (`errors`: provider id ->
    (message, the email typed)). Three queries."""
    providers = list(
        RscProvider.objects.filter(owner_id=application.applicant_id)
        .select_related("user")
        .annotate(
            session_count=Count("sessions"),
            waiting=Count("sessions", filter=Q(sessions__confirmation="")),
        )
        .filter(session_count__gt=0)
        .order_by("id")
    )
    asked = {
        s.reference.provider_id: s for s in rsc_confirmations_with_status(application, request)
    }
    errors = errors or {}
    rows = []
    for p in providers:
        invitation = asked.get(p.pk)
        message, typed = errors.get(p.pk, ("", None))
        rows.append(
            {
                "provider": p,
                "invitation": invitation,
                "email": typed
                if typed is not None
                else (invitation.reference.email if invitation else ""),
                "error": message,
            }
        )
    return rows
