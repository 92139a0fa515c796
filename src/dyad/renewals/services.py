"""The renewal's moves: the only way a `Renewal` and its evidence change (style.md, rule 3).

    (none) --start--> started --submit--> granted      every rule met and not drawn for audit
                                       --> audit        drawn (the person uploads evidence)
                                       --> submitted    some rule unmet: the coordinator decides
    submitted, audit --confirm (coordinator)--> granted
    submitted, audit --return (coordinator, a reason)--> returned --submit--> (as above)

Each verb is one transaction in the renewal's association scope: it locks the row, re-reads it,
refuses a move the state does not allow (`RenewalError` naming the state), returns early on a
no-op (a retried request), and records `renewal.<verb>` with the change. Granting renews the
endorsement in the same transaction (`credentials.services.renew_endorsement`, event
`endorsement.renewed`) until `RenewalSettings.next_expires(period_expires)`.

The audit draw happens once, at the first submission, at the association's `audit_share`
(`draw.py`); a returned renewal keeps it.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import uuid
from datetime import date, timedelta
from typing import Any, TypeVar

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from dyad.applications.services import requirement_set_for
from dyad.associations.models import StaffMembership
from dyad.core.errors import DyadError
from dyad.core.events import record_event
from dyad.credentials.models import Endorsement
from dyad.credentials.services import reinstate_endorsement, renew_endorsement
from dyad.portfolios.selectors import portfolio_facts
from dyad.portfolios.services import sign_agreement
from dyad.portfolios.transcripts import DocumentRejected, check_document, has_path, safe_name
from dyad.standards import codes, evaluate, facts
from dyad.standards.findings import Assessment

from . import draw as draws
from . import notify_flow
from .models import AuditEvidence, Renewal, settings_for

logger = logging.getLogger(__name__)

State = Renewal.State
F = TypeVar("F")

#: how many days before `expires` a person may renew (the first reminder's day by default)
RENEWAL_OPENS_DAYS = 90
#: the most evidence files one renewal holds
MAX_EVIDENCE = 20
#: a fixed namespace for the keys of the agreements a renewal re-signs (a retried click signs once)
_AGREEMENT_KEYS = uuid.UUID("4f0b2a54-3c1e-4a5e-9d7c-6a2e8f1b0c11")


class RenewalError(DyadError):
    """A renewal move that cannot be made; the message names the current state."""


def _scoped(function: F) -> F:
    """Run the verb in the association scope of its `renewal` or `endorsement` (a person's own
    pages run outside any association's scope)."""

    @functools.wraps(function)  # type: ignore[arg-type]
    def wrapper(**kwargs: Any) -> Any:
        subject = kwargs.get("renewal") or kwargs.get("evidence") or kwargs["endorsement"]
        with scope(association=subject.association_id):
            return function(**kwargs)  # type: ignore[operator]

    return wrapper  # type: ignore[return-value]


# -- reading ------------------------------------------------------------------------------------


def opens_on(endorsement: Endorsement) -> date:
    """The first day the holder may renew this endorsement for its current period."""
    return endorsement.expires - timedelta(days=RENEWAL_OPENS_DAYS)


def can_renew(endorsement: Endorsement, on: date | None = None) -> bool:
    """Whether the holder may renew now: in force (active, not past the grace period) and its
    renewal window open."""
    on = on or timezone.localdate()
    return endorsement.is_in_force(on) and on >= opens_on(endorsement)


def renewal_facts(renewal: Renewal) -> facts.Portfolio:
    """The person's portfolio as the engine reads it, with the endorsement being renewed (ref
    `endorsement:<id>`, its current dates)."""
    portfolio = portfolio_facts(renewal.person)
    e = renewal.endorsement
    held = facts.Endorsement(f"endorsement:{e.pk}", e.category, e.granted, e.expires)
    return dataclasses.replace(portfolio, endorsements=(*portfolio.endorsements, held))


def assess(renewal: Renewal, on: date | None = None) -> Assessment:
    """The engine in renewal mode for this renewal's category, under the association's set."""
    on = on or timezone.localdate()
    category = renewal.endorsement.category
    rset = requirement_set_for(renewal.association, category)
    return evaluate(renewal_facts(renewal), category, on, requirement_set=rset, renewal=True)


def new_expiry(renewal: Renewal) -> date:
    """The expiry a grant gives: the association's setting applied to the period renewed."""
    with scope(association=renewal.association_id):
        return settings_for(renewal.association).next_expires(renewal.period_expires)


# -- the person's moves ---------------------------------------------------------------------


@_scoped
def start_renewal(*, endorsement: Endorsement, person) -> Renewal:
    """Open (or find) the renewal of `endorsement` for its current period. Only the holder, only
    while it can be renewed; a second start of the same period returns the first."""
    if endorsement.holder_id != person.pk:
        raise RenewalError(_("Only the holder of an endorsement can renew it."))
    existing = Renewal.objects.filter(
        endorsement=endorsement, period_expires=endorsement.expires
    ).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    if not endorsement.is_in_force(today):
        raise RenewalError(
            _(
                "Endorsement %(number)s is past its grace period, so it is no longer renewed: "
                "apply to reinstate it."
            )
            % {"number": endorsement.number}
        )
    if today < opens_on(endorsement):
        raise RenewalError(
            _("The renewal of endorsement %(number)s opens on %(day)s.")
            % {"number": endorsement.number, "day": opens_on(endorsement).isoformat()}
        )
    association = endorsement.association
    fee = association.renewal_fee
    renewal = Renewal(
        association=association,
        endorsement=endorsement,
        person=person,
        period_expires=endorsement.expires,
        fee_amount=fee,
        fee_currency=association.currency,
        fee_status=Renewal.Fee.DUE if fee > 0 else Renewal.Fee.NONE,
    )
    try:
        with transaction.atomic():
            renewal.save(force_insert=True)
            _record(renewal, "started", person, "", State.STARTED)
    except IntegrityError:
        # Two copies of one request at once: the first one won.
        return Renewal.objects.get(endorsement=endorsement, period_expires=endorsement.expires)
    return renewal


@_scoped
def sign_agreements(*, renewal: Renewal, person) -> Renewal:
    """Re-sign both agreements today, in the person's portfolio (the renewal rule counts
    signatures of the last 12 months). A second click the same day signs nothing more."""
    _must_be_the_person(renewal, person)
    _must_be_open(renewal)
    today = timezone.localdate()
    with transaction.atomic():
        locked = Renewal.objects.select_for_update().get(pk=renewal.pk)
        for document in codes.AGREEMENTS:
            key = uuid.uuid5(_AGREEMENT_KEYS, f"{locked.pk}:{document}:{today.isoformat()}")
            sign_agreement(owner=person, document=document, signed=today, actor=person, key=key)
        locked.agreements_signed_at = timezone.now()
        locked.save(update_fields=["agreements_signed_at"])
    return locked


@_scoped
def record_renewal_fee(*, renewal: Renewal, actor, status: str, reference: str = "") -> Renewal:
    """The coordinator (or a payment provider, actor None) records the fee paid or waived."""
    if status not in (Renewal.Fee.PAID, Renewal.Fee.WAIVED):
        raise RenewalError(_("Say whether the fee was paid or waived."), field="fee_status")
    if actor is not None:
        must_coordinate(actor, renewal)
    with transaction.atomic():
        locked = Renewal.objects.select_for_update().get(pk=renewal.pk)
        if locked.fee_status == status and locked.fee_reference == reference:
            return locked
        if locked.fee_status == Renewal.Fee.NONE:
            raise RenewalError(_("This renewal has no fee."), field="fee_status")
        if not locked.is_open:
            raise RenewalError(_("This renewal is already granted."), field="fee_status")
        before = locked.fee_status
        locked.fee_status = status
        locked.fee_reference = reference[:120]
        locked.save(update_fields=["fee_status", "fee_reference"])
        record_event(
            subject=locked,
            verb=f"renewal.fee_{status}",
            actor=actor,
            from_state=before,
            to_state=status,
            data=_data(locked),
        )
    return locked


@_scoped
def submit_renewal(*, renewal: Renewal, person, seed: str | None = None) -> Renewal:
    """Submit: the engine's findings are frozen on the renewal and the audit drawn (once). Every
    rule met and not drawn: granted at once. Drawn: to the audit. Otherwise to the coordinator.

    `seed` fixes the draw's seed (the demo data's; pages never pass one): it is recorded like a
    random one, so the draw still re-runs to the same answer."""
    _must_be_the_person(renewal, person)
    with transaction.atomic():
        locked = (
            Renewal.objects.select_for_update().select_related("endorsement").get(pk=renewal.pk)
        )
        if locked.state in (State.SUBMITTED, State.AUDIT, State.GRANTED):
            return locked  # submitted already: a retried request
        if locked.state not in (State.STARTED, State.RETURNED):
            raise _refused(locked, _("submitted"))
        if locked.fee_status == Renewal.Fee.DUE:
            raise RenewalError(_("Pay the renewal fee before submitting."), field="fee_status")
        assessment = assess(locked)
        if not locked.draw:
            share = settings_for(locked.association).audit_share
            locked.draw = draws.new_draw(share, seed=seed)
            locked.drawn = locked.draw["drawn"]
        locked.assessment = assessment.to_dict()
        locked.submitted_at = timezone.now()
        before = locked.state
        if assessment.eligible and not locked.drawn:
            _grant(locked, actor=person, before=before, by="engine")
            return locked
        locked.state = State.AUDIT if locked.drawn else State.SUBMITTED
        locked.save(update_fields=["state", "draw", "drawn", "assessment", "submitted_at"])
        _record(locked, "submitted", person, before, locked.state)
        notify_flow.waiting(locked)
    return locked


@_scoped
def add_evidence(
    *,
    renewal: Renewal,
    person,
    kind: str,
    name: str,
    data: bytes,
    key: uuid.UUID | None = None,
) -> AuditEvidence:
    """Upload a document for the audit (PDF, PNG or JPEG, checked by content). Errors name the
    field `file` (or `kind`). A retried request (the same `key`) returns the first row."""
    _must_be_the_person(renewal, person)
    if key is not None:
        earlier = AuditEvidence.objects.filter(renewal=renewal, key=key).first()
        if earlier is not None:
            return earlier
    if kind not in AuditEvidence.Kind.values:
        raise RenewalError(_("Say what the document shows."), field="kind")
    if has_path(name):
        raise RenewalError(
            _("The file name contains folders. Send the file with its own name only."),
            field="file",
        )
    try:
        checked = check_document(data)
    except DocumentRejected as exc:
        raise RenewalError(exc.message, field="file") from None
    row = None
    try:
        with transaction.atomic():
            locked = Renewal.objects.select_for_update().get(pk=renewal.pk)
            if not locked.drawn or locked.state == State.GRANTED:
                raise RenewalError(
                    _("Evidence is asked for only while a renewal drawn for audit is open."),
                    field="file",
                )
            if locked.evidence.count() >= MAX_EVIDENCE:
                raise RenewalError(
                    _("A renewal holds at most %(limit)s files: remove one first.")
                    % {"limit": MAX_EVIDENCE},
                    field="file",
                )
            row = AuditEvidence(
                association_id=locked.association_id,
                renewal=locked,
                kind=kind,
                original_name=safe_name(name),
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                key=key,
            )
            row.file.save(f"upload{checked.extension}", ContentFile(data), save=False)
            row.save(force_insert=True)
            record_event(
                subject=locked,
                verb="renewal.evidence_added",
                actor=person,
                data={**_data(locked), "evidence": row.pk, "kind": kind},
            )
    except BaseException as exc:
        if row is not None and row.file.name:
            row.file.storage.delete(row.file.name)
        if isinstance(exc, IntegrityError) and key is not None:
            earlier = AuditEvidence.objects.filter(renewal=renewal, key=key).first()
            if earlier is not None:
                return earlier
        raise
    return row


@_scoped
def remove_evidence(*, evidence: AuditEvidence, person) -> None:
    """Remove an uploaded document (and its file, once that commits) while the renewal is open."""
    with transaction.atomic():
        locked = AuditEvidence.objects.select_for_update().filter(pk=evidence.pk).first()
        if locked is None:
            return  # removed already
        renewal = locked.renewal
        _must_be_the_person(renewal, person)
        if renewal.state == State.GRANTED:
            raise RenewalError(_("This renewal is already granted."))
        record_event(
            subject=renewal,
            verb="renewal.evidence_removed",
            actor=person,
            data={**_data(renewal), "evidence": locked.pk},
        )
        locked.delete()


def delete_file_after_commit(sender, instance: AuditEvidence, **kwargs) -> None:
    """`post_delete` of AuditEvidence: the stored file goes once the deletion commits."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# -- the coordinator's moves ----------------------------------------------------------------


@_scoped
def confirm_renewal(*, renewal: Renewal, actor) -> Renewal:
    """The coordinator confirms a renewal sent to them (audited or with a rule unmet): granted."""
    must_coordinate(actor, renewal)
    with transaction.atomic():
        locked = (
            Renewal.objects.select_for_update().select_related("endorsement").get(pk=renewal.pk)
        )
        if locked.state == State.GRANTED:
            return locked
        if locked.state not in (State.SUBMITTED, State.AUDIT):
            raise _refused(locked, _("granted"))
        _grant(locked, actor=actor, before=locked.state, by="coordinator")
        notify_flow.decided(locked)
    return locked


@_scoped
def return_renewal(*, renewal: Renewal, actor, reason: str) -> Renewal:
    """The coordinator returns a renewal with what to add; the person adds it and resubmits."""
    must_coordinate(actor, renewal)
    reason = reason.strip()
    if not reason:
        raise RenewalError(_("Say what the person should add or fix."), field="reason")
    with transaction.atomic():
        locked = Renewal.objects.select_for_update().get(pk=renewal.pk)
        if locked.state == State.RETURNED and locked.return_reason == reason:
            return locked
        if locked.state not in (State.SUBMITTED, State.AUDIT):
            raise _refused(locked, _("returned for more"))
        before = locked.state
        locked.state = State.RETURNED
        locked.return_reason = reason
        locked.save(update_fields=["state", "return_reason"])
        _record(locked, "returned", actor, before, State.RETURNED, reason=reason)
        notify_flow.decided(locked)
    return locked


def must_coordinate(actor, renewal: Renewal) -> None:
    if (
        actor is None
        or not StaffMembership.objects.filter(
            association_id=renewal.association_id,
            user=actor,
            role=StaffMembership.Role.COORDINATOR,
        ).exists()
    ):
        raise RenewalError(_("Only a coordinator of the association can do this."))


# -- helpers ----------------------------------------------------------------------------------


def _grant(locked: Renewal, *, actor, before: str, by: str) -> None:
    """Renew the endorsement and mark the renewal granted; `by` says who decided: "engine"
    (every rule met, not drawn) or "coordinator"."""
    expires = new_expiry(locked)
    endorsement = Endorsement.objects.get(pk=locked.endorsement_id)
    if endorsement.status == Endorsement.Status.LAPSED:
        # submitted in time, lapsed by the sweep while it waited for the coordinator: the
        # renewal puts it back in force for the period renewed
        reinstate_endorsement(endorsement=endorsement, expires=expires, actor=actor)
    else:
        renew_endorsement(endorsement=endorsement, expires=expires, actor=actor)
    locked.state = State.GRANTED
    locked.new_expires = expires
    locked.decided_at = timezone.now()
    locked.save()
    _record(locked, "granted", actor, before, State.GRANTED, data={"by": by})


def _must_be_the_person(renewal: Renewal, person) -> None:
    if person is None or renewal.person_id != person.pk:
        raise RenewalError(_("Only the person renewing can do this."))


def _must_be_open(renewal: Renewal) -> None:
    if renewal.state not in (State.STARTED, State.RETURNED, State.AUDIT):
        raise _refused(renewal, _("changed"))


def _refused(renewal: Renewal, target: str) -> RenewalError:
    return RenewalError(
        _("This renewal is %(state)s, so it cannot be %(target)s.")
        % {"state": State(renewal.state).label, "target": target}
    )


def _data(renewal: Renewal) -> dict:
    return {
        "person": renewal.person_id,
        "endorsement": renewal.endorsement_id,
        "period_expires": renewal.period_expires.isoformat(),
    }


def _record(renewal: Renewal, verb, actor, from_state, to_state, reason="", data=None) -> None:
    data = {**_data(renewal), **(data or {})}
    if renewal.new_expires:
        data["new_expires"] = renewal.new_expires.isoformat()
    record_event(
        subject=renewal,
        verb=f"renewal.{verb}",
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
    )


def record_paid_by_provider(renewal: Renewal, reference: str) -> Renewal:
    """What an online payment provider calls once the person paid (`applications.payments`)."""
    return record_renewal_fee(
        renewal=renewal, actor=None, status=Renewal.Fee.PAID, reference=reference
    )


def erase_renewal_data_of_erased_person(*, user, **kwargs) -> None:
    """`accounts.signals.person_erased`: the erased person's audit evidence (their documents)
    is removed, and the name frozen in their renewals' assessments replaced by the pseudonym,
    in erasure's transaction. The renewals themselves stay: they record decisions on an
    endorsement, which is kept by law."""
    with scopes_disabled():
        AuditEvidence.objects.filter(renewal__person=user).delete()  # files go after commit
        for renewal in Renewal.objects.filter(person=user).exclude(assessment={}):
            renewal.assessment = {**renewal.assessment, "person": user.name}
            renewal.save(update_fields=["assessment"])
