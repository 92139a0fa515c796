"""Raters' and RS/C providers' invitations: finding one by its link, answering, resending and
renewing, and reminders. How each is doing is read in `invitation_status.py`.

A rater answers once: `rate_reference` or `decline_reference` store the answer
(`ReferenceRating`, for the association's staff only) and call `record_reference_answer`; the same
request twice records once. An expired link answers nothing; the applicant or the coordinator
resends (a new link if the old one expired), the coordinator renews (always a new link, the old
one stops working)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from dyad.accounts.selectors import language_of
from dyad.core.errors import validation_as_dyad_error
from dyad.core.events import record_event
from dyad.portfolios.models import RscProvider, RscSession
from dyad.portfolios.services import confirm_rsc_sessions

from . import invitation_mail, links, states
from .invitation_mail import REFERENCE, RSC
from .models import Application, Reference, ReferenceRating, RscConfirmation
from .services import ApplicationError, _scoped, must_coordinate, record_reference_answer

#: a second resend within this time is the same click twice: nothing more is sent
RESEND_PAUSE = timedelta(minutes=1)


class LinkProblem(Exception):
    """A link that opens nothing: unknown (mistyped or tampered), expired, or already used."""

    def __init__(self, reason: str, invitation=None) -> None:
        super().__init__(reason)
        self.reason = reason  # "unknown", "expired", "answered", "closed"
        self.invitation = invitation


# -- finding an invitation by its link ------------------------------------------------------


def _find(model, token: str, *, answering: bool):
    # A link belongs to one association, which it names only once found: the one lookup by the
    # token's hash crosses associations on purpose (the hash is unique across all of them).
    with scopes_disabled():
        found = (
            model.objects.filter(link_hash=links.digest(token))
            .select_related("application__association", "application__applicant")
            .first()
        )
    if found is None:
        raise LinkProblem("unknown")
    if found.is_answered:
        raise LinkProblem("answered", found)
    if links.is_expired(found):
        raise LinkProblem("expired", found)
    if answering and found.application.state not in states.OPEN:
        raise LinkProblem("closed", found)
    return found


def reference_by_token(token: str, *, answering: bool = True) -> Reference:
    return _find(Reference, token, answering=answering)


def rsc_confirmation_by_token(token: str, *, answering: bool = True) -> RscConfirmation:
    return _find(RscConfirmation, token, answering=answering)


def mark_opened(invitation) -> None:
    """The first visit of the link (a mail scanner's visit counts too: it says 'opened' only)."""
    if invitation.opened_at is None:
        now = timezone.now()
        type(invitation).objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=now
        )
        invitation.opened_at = now


# -- references ----------------------------------------------------------------------------


def _answerable(reference: Reference) -> Reference:
    locked = (
        Reference.objects.select_for_update().select_related("application").get(pk=reference.pk)
    )
    if links.is_expired(locked):
        raise ApplicationError(_("This link has expired."))
    if locked.application.state not in states.OPEN:
        raise ApplicationError(_("This application is closed."))
    return locked


@_scoped
def rate_reference(*, reference: Reference, scores: dict[str, str], comments: str) -> Reference:
    """The rater's rating (scores per competency and comments), recorded once."""
    with transaction.atomic():
        locked = _answerable(reference)
        if locked.status == Reference.Status.RATED:
            return locked  # the same form sent twice
        ReferenceRating.objects.create(reference=locked, scores=scores, comments=comments)
        return record_reference_answer(reference=locked, status=Reference.Status.RATED)


@_scoped
def decline_reference(*, reference: Reference, reason: str = "") -> Reference:
    """The rater declines to give a reference, saying why if they wish."""
    with transaction.atomic():
        locked = _answerable(reference)
        if locked.status == Reference.Status.DECLINED:
            return locked
        ReferenceRating.objects.create(reference=locked, decline_reason=reason)
        return record_reference_answer(reference=locked, status=Reference.Status.DECLINED)


@_scoped
def resend_invitation(*, reference: Reference, actor) -> Reference:
    """Send the rater their link again (the applicant or a coordinator); a new link if the old
    one expired. A second click within a minute sends nothing more."""
    application = reference.application
    if actor != application.applicant:
        must_coordinate(actor, application.association)
    return _send_again(reference, actor, renew=False)


@_scoped
def renew_invitation(*, reference: Reference, actor) -> Reference:
    """A coordinator gives the rater a new link for DYAD_INVITATION_DAYS and sends it; the old
    link stops working."""
    must_coordinate(actor, reference.application.association)
    return _send_again(reference, actor, renew=True)


def _send_again(reference: Reference, actor, *, renew: bool) -> Reference:
    with transaction.atomic():
        locked = (
            Reference.objects.select_for_update()
            .select_related("application__association", "application__applicant")
            .get(pk=reference.pk)
        )
        if locked.is_answered:
            raise ApplicationError(_("This rater has already answered."))
        if locked.application.state not in states.OPEN:
            raise ApplicationError(_("This application is closed."))
        if locked.invited_at and timezone.now() - locked.invited_at < RESEND_PAUSE:
            return locked
        fields = ["invitation", "invited_at"]
        if renew or links.is_expired(locked) or not locked.link_nonce:
            token = links.issue(locked, REFERENCE)
            fields += links.ISSUED_FIELDS
            verb = "application.reference_link_renewed"
        else:
            token = links.token_of(locked, REFERENCE)
            verb = "application.reference_invitation_resent"
        invitation_mail.send_reference_invitation(locked, token)
        locked.save(update_fields=fields)
        record_event(
            subject=locked.application,
            verb=verb,
            actor=actor,
            data={"reference": locked.pk, "role": locked.role},
        )
    return locked


# -- RS/C confirmation ----------------------------------------------------------------------


@_scoped
def request_rsc_confirmation(
    *,
    application: Application,
    actor,
    provider: RscProvider,
    email: str = "",
    language: str | None = None,
) -> RscConfirmation:
    """The applicant sends the sessions logged with `provider` to them to confirm: by email with
    a link (a provider with a Dyad account also finds them on their RS/C page). The email is the
    account's for a provider in Dyad, else the one the applicant gives. Asked once per provider
    and application: asking again resends the link (a new one if it expired)."""
    if actor != application.applicant:
        raise ApplicationError(_("Only the applicant asks their providers."))
    if provider.owner_id != application.applicant_id:
        raise ApplicationError(_("Choose one of your own RS/C providers."), field="provider")
    if application.state not in (states.STARTED, states.RETURNED):
        raise ApplicationError(_("Ask before the application is submitted."), field="provider")
    if not provider.sessions.exists():
        raise ApplicationError(_("No RS/C session names this provider yet."), field="provider")
    address = provider.user.email if provider.user_id else email.strip()
    if language is None and provider.user_id:
        language = language_of(provider.user)  # the language they chose on the site
    if not address:
        raise ApplicationError(_("Give the provider's email."), field="email")
    with validation_as_dyad_error(ApplicationError):
        validate_email(address)
    with transaction.atomic():
        confirmation, created = RscConfirmation.objects.select_for_update().get_or_create(
            application=application,
            provider=provider,
            defaults={"email": address, "language": language or settings.LANGUAGE_CODE},
        )
        if not created:
            if confirmation.invited_at and timezone.now() - confirmation.invited_at < RESEND_PAUSE:
                return confirmation
            confirmation.email = address
            confirmation.answered_at = None  # sessions logged since the answer: ask again
        fields = ["email", "answered_at", "invitation", "invited_at"]
        if created or links.is_expired(confirmation):
            token = links.issue(confirmation, RSC)
            fields += links.ISSUED_FIELDS
        else:
            token = links.token_of(confirmation, RSC)
        invitation_mail.send_rsc_invitation(confirmation, token)
        confirmation.save(update_fields=fields)
        record_event(
            subject=application,
            verb="application.rsc_confirmation_requested",
            actor=actor,
            data={"provider": provider.pk},
        )
    return confirmation


def sessions_to_confirm(provider: RscProvider) -> list[RscSession]:
    """The sessions logged with `provider` (one applicant's provider entry), oldest first."""
    return list(RscSession.objects.filter(provider=provider).order_by("date", "id"))


def answer_rsc_confirmation(*, confirmation: RscConfirmation, answers: list[dict]) -> int:
    """The provider's answers, by link: confirmed, corrected or not held (portfolio services
    record each on the session). The link is used up."""
    with scope(association=confirmation.application.association_id), transaction.atomic():
        locked = RscConfirmation.objects.select_for_update().get(pk=confirmation.pk)
        if locked.is_answered:
            return 0  # the same page sent twice
        if links.is_expired(locked):
            raise ApplicationError(_("This link has expired."))
        count = confirm_rsc_sessions(provider=locked.provider, answers=answers, actor=None)
        locked.answered_at = timezone.now()
        locked.save(update_fields=["answered_at"])
        record_event(
            subject=locked.application,
            verb="application.rsc_confirmed",
            data={"provider": locked.provider_id, "sessions": len(answers)},
        )
    return count


# -- reminders ------------------------------------------------------------------------------


def due_step(invitation, now: datetime) -> int | None:
    """The latest reminder step (days after the invitation) due and not yet sent, if any."""
    if invitation.invited_at is None:
        return None
    due = [
        d
        for d in sorted(settings.DYAD_REMINDER_DAYS)
        if now - invitation.invited_at >= timedelta(days=d)
    ]
    if not due or due[-1] in invitation.reminders_sent:
        return None
    return due[-1]


def remind(model, pk: int, association_id: int, kind: str, now: datetime) -> bool:
    """Send the due reminder of one invitation, once per step (the steps skipped by a late run
    are marked sent with it: one message, never a burst). True if one went out."""
    with scope(association=association_id), transaction.atomic():
        locked = (
            model.objects.select_for_update()
            .select_related("application__association", "application__applicant")
            .get(pk=pk)
        )
        step = due_step(locked, now)
        if step is None or locked.is_answered or links.is_expired(locked):
            return False
        if locked.application.state not in states.OPEN:
            return False
        token = links.token_of(locked, kind)
        started = locked.invited_at
        if kind == REFERENCE:
            invitation_mail.send_reference_invitation(locked, token, reminder=True)
        else:
            invitation_mail.send_rsc_invitation(locked, token, reminder=True)
        locked.invited_at = started  # a reminder does not restart the count
        locked.reminders_sent = sorted(
            {*locked.reminders_sent, *(d for d in settings.DYAD_REMINDER_DAYS if d <= step)}
        )
        locked.save(update_fields=["invitation", "reminders_sent"])
    return True


def invitations_waiting(model) -> list[tuple[int, int]]:
    """(id, association id) of the unanswered invitations of open applications whose link still
    works, in every association: the reminder task runs for all of them, each reminder in its
    own association's scope."""
    with scopes_disabled():
        waiting = model.objects.filter(
            invited_at__isnull=False,
            link_expires_at__gt=timezone.now(),
            application__state__in=sorted(states.OPEN),
        )
        if model is Reference:
            waiting = waiting.filter(status=Reference.Status.REQUESTED)
        else:
            waiting = waiting.filter(answered_at__isnull=True)
        return list(waiting.order_by("pk").values_list("pk", "application__association_id"))


def send_reminders(now: datetime | None = None) -> int:
    """Every reminder due now (`tasks.send_reminders`); how many went out."""
    now = now or timezone.now()
    sent = 0
    for kind, model in ((REFERENCE, Reference), (RSC, RscConfirmation)):
        for pk, association_id in invitations_waiting(model):
            sent += remind(model, pk, association_id, kind, now)
    return sent
