"""Changes to applications: the only way they happen (style.md, rule 3).

Each verb is one transaction: it locks the application, re-reads it, asks `states.move` whether
the move exists and whether this person may make it (`ApplicationError` naming the current
state otherwise), and records the event `application.<verb>` (from/to state, reason) with the
change. A retried request is a no-op: starting with the same key returns the application made
the first time; a move to the state the application is already in returns it unchanged.

Submission freezes a `Snapshot`: the facts (refs included, `standards.frozen`), the assessment
under the application's own requirement set, and a digest of both. The engine decides whether
the application may be submitted: every requirement met except the exam, which comes later.
"""

from __future__ import annotations

import functools
import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from dyad.associations.models import Association, StaffMembership
from dyad.core.errors import DyadError, validation_as_dyad_error
from dyad.core.events import record_event
from dyad.credentials.models import Endorsement
from dyad.credentials.services import grant_endorsement, reinstate_endorsement
from dyad.rulesets import selectors as rulesets
from dyad.standards import codes, evaluate, facts
from dyad.standards.findings import Assessment
from dyad.standards.frozen import portfolio_to_dict
from dyad.standards.messages import listing, m, render
from dyad.standards.requirement_sets import RequirementSet, RequirementSetError

from . import invitation_mail, links, notify, states
from .models import Application, Reference, Snapshot
from .reinstatement import lapsed_on, reinstatement_assessment
from .selectors import application_facts, has_passed_exam, rsc_confirmations, uploads_of

#: rules the applicant cannot meet before submitting: the exam is sat after review
AFTER_SUBMISSION = frozenset({"exam"})

#: how long an endorsement granted by an application runs (it is renewed every year)
TERM = timedelta(days=365)


class ApplicationError(DyadError):
    """A change to an application that cannot be made; the message says why."""


F = TypeVar("F", bound=Callable[..., Any])


def _scoped(function: F) -> F:
    """Run the verb in the scope of the association its `application`, `reference` or
    `association` belongs to: an applicant's own pages are outside any association's scope."""

    @functools.wraps(function)
    def wrapper(**kwargs: Any) -> Any:
        if "application" in kwargs:
            association_id = kwargs["application"].association_id
        elif "reference" in kwargs:
            association_id = kwargs["reference"].application.association_id
        else:
            association_id = kwargs["association"].pk
        with scope(association=association_id):
            return function(**kwargs)

    return wrapper  # type: ignore[return-value]


def requirement_set_for(association: Association, category: str) -> RequirementSet:
    """The set a new application of `association` for `category` is judged under: the
    association's latest published version for the category's standard, else the Alliance's
    baseline (`rulesets.selectors.requirement_set_for`)."""
    return rulesets.requirement_set_for(association, category)


def requirement_set_of(application: Application) -> RequirementSet:
    """The set fixed on the application when it started: that very published version, whatever
    the association published since."""
    try:
        return rulesets.published_set(
            application.requirement_set, application.requirement_set_version
        )
    except RequirementSetError:
        raise ApplicationError(
            _("Requirement set %(set)s version %(version)s is no longer available.")
            % {"set": application.requirement_set, "version": application.requirement_set_version}
        ) from None


def has_exam(application: Application) -> bool:
    if application.reinstates_id:
        return False  # a reinstatement asks only for what accrued since the lapse
    return requirement_set_of(application).category(application.category).exam


@_scoped
def start_application(
    *,
    applicant,
    association: Association,
    category: str,
    key: uuid.UUID | None = None,
    reinstates: Endorsement | None = None,
) -> Application:
    """Open an application for `category` with `association`; its requirement set and fee are
    fixed now. One open application per person, association and category. With `reinstates`
    (see `start_reinstatement`), it reinstates that lapsed endorsement."""
    if key is not None:
        earlier = _started_with(applicant, key)
        if earlier is not None:
            return earlier
    if category not in codes.CATEGORIES:
        raise ApplicationError(_("Choose a category."), field="category")
    if codes.standard_of(category) not in association.standards:
        raise ApplicationError(
            _("%(association)s does not endorse in the %(standard)s standard.")
            % {"association": association.name, "standard": codes.standard_of(category)},
            field="category",
        )
    rset = requirement_set_for(association, category)
    fee = association.application_fee
    application = Application(
        association=association,
        applicant=applicant,
        category=category,
        requirement_set=rset.id,
        requirement_set_version=rset.version,
        fee_amount=fee,
        fee_currency=association.currency,
        fee_status=Application.Fee.DUE if fee > 0 else Application.Fee.NONE,
        key=key,
        reinstates=reinstates,
    )
    try:
        with transaction.atomic():
            with validation_as_dyad_error(ApplicationError):
                application.full_clean(validate_constraints=False)
            application.save(force_insert=True)
            _record(application, "started", applicant, "", states.STARTED)
    except IntegrityError:
        earlier = _started_with(applicant, key) if key is not None else None
        if earlier is not None:
            return earlier  # the same request twice, at once
        raise ApplicationError(
            _("You already have an open application for %(category)s with %(association)s.")
            % {"category": category, "association": association.name},
            field="category",
        ) from None
    return application


def start_reinstatement(
    *, applicant, endorsement: Endorsement, key: uuid.UUID | None = None
) -> Application:
    """Open the application that reinstates a lapsed endorsement of `applicant`: the same
    category with the same association, under the processing (application) fee. It asks only
    for what accrued since the lapse (`reinstatement_assessment`); the rest of the portfolio
    carries over."""
    if endorsement.holder_id != applicant.pk:
        raise ApplicationError(_("Only the holder of an endorsement can reinstate it."))
    if endorsement.status != Endorsement.Status.LAPSED:
        raise ApplicationError(
            _("Endorsement %(number)s has not lapsed, so there is nothing to reinstate.")
            % {"number": endorsement.number}
        )
    return start_application(
        applicant=applicant,
        association=endorsement.association,
        category=endorsement.category,
        key=key,
        reinstates=endorsement,
    )


def _assessment(application: Application, portfolio: facts.Portfolio, on: date) -> Assessment:
    rset = requirement_set_of(application)
    if application.reinstates_id:
        since = lapsed_on(application.reinstates)
        return reinstatement_assessment(portfolio, application.category, on, rset, since)
    return evaluate(portfolio, application.category, on, rset)


def _started_with(applicant, key: uuid.UUID) -> Application | None:
    return Application.objects.filter(applicant=applicant, key=key).first()


@_scoped
def record_fee(*, application: Application, actor, status: str, reference: str = "") -> Application:
    """The coordinator (or a payment provider, actor None) records the fee paid or waived."""
    if status not in (Application.Fee.PAID, Application.Fee.WAIVED):
        raise ApplicationError(_("Say whether the fee was paid or waived."), field="fee_status")
    if actor is not None:
        must_coordinate(actor, application.association)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.fee_status == status and locked.fee_reference == reference:
            return locked
        if locked.fee_status == Application.Fee.NONE:
            raise ApplicationError(_("This application has no fee."), field="fee_status")
        if not locked.is_open:
            raise ApplicationError(_("This application is closed."), field="fee_status")
        before = locked.fee_status
        locked.fee_status = status
        locked.fee_reference = reference
        locked.save(update_fields=["fee_status", "fee_reference"])
        record_event(
            subject=locked,
            verb="application.fee_recorded",
            actor=actor,
            from_state=before,
            to_state=status,
            data={"amount": str(locked.fee_amount), "currency": locked.fee_currency},
        )
    return locked


@_scoped
def request_reference(
    *,
    application: Application,
    actor,
    name: str,
    email: str,
    role: str,
    language: str | None = None,
) -> Reference:
    """The applicant names a rater, who is sent an invitation with their link (in `language`,
    the rater's, default the site's). The same email twice is the same reference."""
    if actor != application.applicant:
        raise ApplicationError(_("Only the applicant names their references."))
    if application.state not in (states.STARTED, states.RETURNED):
        raise ApplicationError(
            _("References are named before the application is submitted."), field="email"
        )
    with transaction.atomic():
        existing = Reference.objects.filter(application=application, email__iexact=email).first()
        if existing is not None:
            return existing
        reference = Reference(
            application=application,
            name=name,
            email=email,
            role=role,
            language=language or settings.LANGUAGE_CODE,
        )
        with validation_as_dyad_error(ApplicationError):
            reference.full_clean(exclude=["application"])
        reference.save()
        token = links.issue(reference, invitation_mail.REFERENCE)
        invitation_mail.send_reference_invitation(reference, token)
        reference.save(update_fields=[*links.ISSUED_FIELDS, "invitation", "invited_at"])
        record_event(
            subject=application,
            verb="application.reference_requested",
            actor=actor,
            data={"reference": reference.pk, "role": role},
        )
    return reference


@_scoped
def record_reference_answer(
    *, reference: Reference, status: str, on: date | None = None
) -> Reference:
    """The rater rated the applicant or declined (once: a second answer is refused)."""
    if status not in (Reference.Status.RATED, Reference.Status.DECLINED):
        raise ApplicationError(_("Rate the applicant or decline."), field="status")
    with transaction.atomic():
        locked = Reference.objects.select_for_update().get(pk=reference.pk)
        if locked.status == status:
            return locked
        if locked.status != Reference.Status.REQUESTED:
            raise ApplicationError(_("This reference has already been answered."))
        locked.status = status
        locked.answered_on = on or timezone.localdate()
        locked.save(update_fields=["status", "answered_on"])
        record_event(
            subject=locked.application,
            verb=f"application.reference_{status}",
            data={"reference": locked.pk, "role": locked.role},
        )
    return locked


def assess(application: Application, on: date | None = None) -> Assessment:
    """The engine's assessment of the application as it stands, under its own set (for a
    reinstatement, only what accrued since the lapse: `reinstatement_assessment`)."""
    return _assessment(application, application_facts(application), on or timezone.localdate())


def rule_names(rules: list[str]) -> str:
    """Requirements by their names in the reader's language ("References, Membership")."""
    return render(listing("comma", [m(f"rule.{r}") for r in rules]), _)


def blocking(assessment: Assessment) -> list[str]:
    """The rules that stop a submission: any not met, but the exam."""
    return [f.rule for f in assessment.findings if not f.met and f.rule not in AFTER_SUBMISSION]


@_scoped
def submit_application(*, application: Application, actor) -> Application:
    """Freeze the portfolio and the engine's assessment, and hand the application to the
    association. Refused while a requirement other than the exam is unmet or the fee is due."""
    today = timezone.localdate()
    with transaction.atomic():
        locked = _lock(application)
        if locked.state == states.SUBMITTED:
            return locked
        found = _check(locked, states.SUBMITTED, actor, states.APPLICANT)
        if locked.fee_status == Application.Fee.DUE:
            raise ApplicationError(
                _("The fee of %(amount)s %(currency)s is still due.")
                % {"amount": locked.fee_amount, "currency": locked.fee_currency},
                field="fee_status",
            )
        facts = application_facts(locked)
        assessment = _assessment(locked, facts, today)
        unmet = blocking(assessment)
        if unmet:
            raise ApplicationError(
                _("Not yet: these requirements are not met: %(rules)s.")
                % {"rules": rule_names(unmet)}
            )
        frozen_facts = portfolio_to_dict(facts)
        frozen_assessment = assessment.to_dict()
        confirmations = rsc_confirmations(locked.applicant)
        uploads = uploads_of(locked.applicant)
        digest = hashlib.sha256(
            json.dumps(
                {
                    "facts": frozen_facts,
                    "assessment": frozen_assessment,
                    "rsc_confirmations": confirmations,
                    "uploads": uploads,
                },
                sort_keys=True,
                separators=(",", ":"),
            ).encode()
        ).hexdigest()
        number = locked.snapshots.count() + 1
        Snapshot.objects.create(
            application=locked,
            number=number,
            as_of=today,
            facts=frozen_facts,
            assessment=frozen_assessment,
            rsc_confirmations=confirmations,
            uploads=uploads,
            digest=digest,
        )
        before = locked.state
        locked.state = states.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["state", "submitted_at"])
        _record(locked, found.verb, actor, before, states.SUBMITTED, data={"snapshot": number})
        notify.submitted(locked)
    return locked


@_scoped
def withdraw_application(*, application: Application, actor, reason: str = "") -> Application:
    return _move(application, states.WITHDRAWN, actor, states.APPLICANT, reason)


@_scoped
def begin_review(*, application: Application, actor) -> Application:
    return _move(application, states.IN_REVIEW, actor, states.COORDINATOR)


@_scoped
def return_application(
    *, application: Application, actor, rules: list[str], reason: str = ""
) -> Application:
    """Send the application back with the requirements to address (rule ids)."""
    if not rules:
        raise ApplicationError(_("Choose what the applicant must address."), field="rules")
    return _move(
        application, states.RETURNED, actor, states.COORDINATOR, reason, data={"rules": rules}
    )


@_scoped
def deny_application(*, application: Application, actor, reason: str) -> Application:
    if not reason.strip():
        raise ApplicationError(_("Say why the application is denied."), field="reason")
    return _move(application, states.DENIED, actor, states.COORDINATOR, reason)


@_scoped
def approve_for_exam(*, application: Application, actor) -> Application:
    return _move(application, states.EXAM, actor, states.COORDINATOR)


@_scoped
def endorse_application(
    *, application: Application, actor, granted: date | None = None, reason: str = ""
) -> Application:
    """The decision to endorse: grants the endorsement (the credential) in the same
    transaction, numbered after the association and the application. From the exam state only
    once the applicant's portfolio holds a pass of the category's exam (requirements.md: exam;
    recorded by the exams app's scoring)."""
    granted = granted or timezone.localdate()
    with transaction.atomic():
        locked = _lock(application)
        if locked.state == states.ENDORSED:
            return locked
        found = _check(locked, states.ENDORSED, actor, states.COORDINATOR)
        if locked.state == states.EXAM and not has_passed_exam(locked):
            raise ApplicationError(
                _("The applicant has not passed the %(category)s exam yet.")
                % {"category": locked.category}
            )
        if locked.reinstates_id:
            endorsement = _reinstate(locked, granted, actor, reason)
        else:
            endorsement = grant_endorsement(
                association=locked.association,
                number=f"{locked.association.slug.upper()}-{locked.pk:06d}",
                holder=locked.applicant,
                holder_name=locked.applicant.name,
                category=locked.category,
                granted=granted,
                expires=granted + TERM,
                actor=actor,
                reason=reason,
                requirement_set=locked.requirement_set,
                requirement_set_version=locked.requirement_set_version,
            )
        before = locked.state
        locked.state = states.ENDORSED
        locked.decided_at = timezone.now()
        locked.endorsement = endorsement
        locked.save(update_fields=["state", "decided_at", "endorsement"])
        _record(
            locked,
            found.verb,
            actor,
            before,
            states.ENDORSED,
            reason,
            {"number": endorsement.number},
        )
        notify.decided(locked, found.verb, reason)
    return locked


def _reinstate(application: Application, granted: date, actor, reason: str) -> Endorsement:
    """Endorsing a reinstatement puts the lapsed endorsement back in force for a new term (its
    number, certificate and verification page carry on)."""
    return reinstate_endorsement(
        endorsement=application.reinstates,
        actor=actor,
        reason=reason or _("reinstated by application %(id)s") % {"id": application.pk},
        expires=granted + TERM,
    )


def _move(
    application: Application,
    to: str,
    actor,
    by: str,
    reason: str = "",
    data: dict | None = None,
) -> Application:
    with transaction.atomic():
        locked = _lock(application)
        if locked.state == to:
            return locked
        found = _check(locked, to, actor, by)
        before = locked.state
        locked.state = to
        changed = ["state"]
        if to in states.FINAL:
            locked.decided_at = timezone.now()
            changed.append("decided_at")
        locked.save(update_fields=changed)
        _record(locked, found.verb, actor, before, to, reason, data)
        if by == states.COORDINATOR and to != states.IN_REVIEW:
            notify.decided(locked, found.verb, reason, (data or {}).get("rules", ()))
    return locked


def _lock(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("association", "applicant")
        .get(pk=application.pk)
    )


def _check(application: Application, to: str, actor, by: str) -> states.Move:
    """The move, if the state machine has it and `actor` is the one who makes it."""
    if by == states.APPLICANT and actor != application.applicant:
        raise ApplicationError(_("Only the applicant can do this."))
    if by == states.COORDINATOR:
        must_coordinate(actor, application.association)
    try:
        return states.move(application.state, to, by, has_exam(application))
    except states.IllegalMove:
        raise ApplicationError(
            _("The application is %(state)s, so it cannot become %(target)s.")
            % {
                "state": Application.State(application.state).label,
                "target": Application.State(to).label,
            }
        ) from None


def must_coordinate(actor, association: Association) -> None:
    if (
        actor is None
        or not StaffMembership.objects.filter(
            association=association, user=actor, role=StaffMembership.Role.COORDINATOR
        ).exists()
    ):
        raise ApplicationError(_("Only a coordinator of the association can do this."))


def _record(application, verb, actor, from_state, to_state, reason="", data=None) -> None:
    record_event(
        subject=application,
        verb=f"application.{verb}",
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data={"category": application.category, **(data or {})},
    )
