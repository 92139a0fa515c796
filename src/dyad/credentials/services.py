"""Changes of an endorsement's state: the only way they happen (style.md, rule 3).

Each service is one transaction: it locks the endorsement, re-reads it, refuses a change the
current state does not allow (`CredentialError` naming that state), returns early when there is
nothing to change, and records the event (`endorsement.<verb>`, from/to state, reason) with the
change, so both commit or neither does.

The states and the services that move between them, each paired with its reverse:

    (none) --grant--> active
    active --lapse--> lapsed      undone by  lapsed  --reinstate--> active
    active --revoke--> revoked    undone by  revoked --reinstate--> active
    lapsed --revoke--> revoked    (a sanction can follow a lapse; reinstate puts it in force)
    active --renew-->  active, with a later `expires` (while in force: in its year or grace)
    any    --correct--> the same state, with the name on the credential fixed (a reissue:
                        the certificate's content changes, so a new one is made)

A lapse is recorded only once `expires` plus the grace period is over (an endorsement still in
force by its dates is revoked instead), so reinstating a lapse needs a new expiry date, as does
reinstating anything whose grace period is over. Grant has no
reverse: a credential granted in error is revoked, so its record stays. Whether an
endorsement is *in force* on a day also depends on `expires` and the grace period, whatever the
stored status (`Endorsement.objects.current()`).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from dyad.core.errors import DyadError, validation_as_dyad_error
from dyad.core.events import record_event

from .models import Endorsement

Status = Endorsement.Status

#: What makes two grants with one number the same request (a retry), not a clash.
GRANT_DETAILS = (
    "association_id",
    "holder_id",
    "holder_name",
    "category",
    "granted",
    "expires",
    "county",
    "state",
)


class CredentialError(DyadError):
    """A change to an endorsement that cannot be made; the message names the current state."""


def grant_endorsement(
    *,
    association,
    number: str,
    holder_name: str,
    category: str,
    granted: date,
    expires: date,
    holder=None,
    actor=None,
    reason: str = "",
    county: str = "",
    state: str = "",
    requirement_set: str = "",
    requirement_set_version: int | None = None,
) -> Endorsement:
    """Grant an endorsement (the credential) with its number; `county` and `state` say where
    the person works, for the registry's search; `requirement_set` and its version, the rules
    it was granted under (an application's).

    Idempotent for a retried request: the same number with the same details returns the
    endorsement already granted, without a second row or a second event. The same number with
    other details is refused (field `number`).
    """
    endorsement = Endorsement(
        association=association,
        holder=holder,
        holder_name=holder_name,
        category=category,
        number=number,
        granted=granted,
        expires=expires,
        status=Status.ACTIVE,
        county=county.strip(),
        state=state.strip().upper(),
        requirement_set=requirement_set,
        requirement_set_version=requirement_set_version,
    )
    existing = _earlier_grant(endorsement)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            with validation_as_dyad_error(CredentialError):
                endorsement.full_clean(validate_unique=False)
            endorsement.save(force_insert=True)
            _record(endorsement, "endorsement.granted", actor, "", Status.ACTIVE, reason)
    except IntegrityError:
        # Two copies of one request raced past the check above: the first one won.
        existing = _earlier_grant(endorsement)
        if existing is None:
            raise
        return existing
    return endorsement


def lapse_endorsement(*, endorsement: Endorsement, actor=None, reason: str = "") -> Endorsement:
    """Record that an active endorsement was not renewed in time (reversed by reinstate).

    Only once it is out of force by its dates (`expires` plus the grace period passed): an
    endorsement still in force is withdrawn by `revoke_endorsement`, with a reason."""
    return _move(endorsement, Status.LAPSED, {Status.ACTIVE}, "endorsement.lapsed", actor, reason)


def revoke_endorsement(*, endorsement: Endorsement, actor=None, reason: str) -> Endorsement:
    """Withdraw an endorsement (a sanction or an error); a reason is required. Reversed by
    reinstate."""
    if not reason.strip():
        raise CredentialError(_("Say why the endorsement is revoked."), field="reason")
    return _move(
        endorsement,
        Status.REVOKED,
        {Status.ACTIVE, Status.LAPSED},
        "endorsement.revoked",
        actor,
        reason,
    )


def reinstate_endorsement(
    *, endorsement: Endorsement, actor=None, reason: str = "", expires: date | None = None
) -> Endorsement:
    """Put a lapsed or revoked endorsement back in force, optionally until a new `expires`
    (undoes lapse and revoke)."""
    return _move(
        endorsement,
        Status.ACTIVE,
        {Status.LAPSED, Status.REVOKED},
        "endorsement.reinstated",
        actor,
        reason,
        expires=expires,
    )


def renew_endorsement(
    *, endorsement: Endorsement, expires: date, actor=None, reason: str = ""
) -> Endorsement:
    """Renew an active endorsement until a later `expires` that puts it in force today (event
    `endorsement.renewed`). A lapsed or revoked one is reinstated instead. Whether the holder
    may still renew (in their year or grace period) is the renewal's to decide: a renewal
    submitted in time and confirmed after the grace period ended is still renewed.

    Idempotent: renewing to the expiry it already has changes nothing and records nothing (a
    retried request)."""
    with transaction.atomic():
        locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        if locked.expires == expires and locked.status == Status.ACTIVE:
            return locked
        if locked.status != Status.ACTIVE:
            raise CredentialError(
                _(
                    "Endorsement %(number)s is %(state)s, so it cannot be renewed: it is "
                    "reinstated instead."
                )
                % {"number": locked.number, "state": Status(locked.status).label}
            )
        _must_be_in_force(locked, expires)
        if expires <= locked.expires:
            raise CredentialError(
                _("A renewal moves the expiry date later than %(expires)s.")
                % {"expires": locked.expires.isoformat()},
                field="expires",
            )
        locked.expires = expires
        with validation_as_dyad_error(CredentialError):
            locked.full_clean()
        locked.save(update_fields=["expires"])
        _record(locked, "endorsement.renewed", actor, locked.status, locked.status, reason)
    return locked


def correct_endorsement(
    *, endorsement: Endorsement, holder_name: str, actor=None, reason: str
) -> Endorsement:
    """Fix the name on the credential and reissue it (in any state): the certificate and the
    verification page show the new name from now on. A reason is required; the event keeps the
    reason, never the names (an erased person's old name must not stay in the log).

    Idempotent: the name it already has changes nothing and records nothing (a double click)."""
    if not reason.strip():
        raise CredentialError(_("Say what was corrected and why."), field="reason")
    holder_name = " ".join(holder_name.split())
    if not holder_name:
        raise CredentialError(_("Write the name as it should read."), field="holder_name")
    with transaction.atomic():
        locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        if locked.holder_name == holder_name:
            return locked
        locked.holder_name = holder_name
        with validation_as_dyad_error(CredentialError):
            locked.full_clean()
        locked.save(update_fields=["holder_name"])
        _record(locked, "endorsement.corrected", actor, locked.status, locked.status, reason)
    return locked


def _move(
    endorsement: Endorsement,
    to: str,
    allowed: set[str],
    verb: str,
    actor,
    reason: str,
    expires: date | None = None,
) -> Endorsement:
    with transaction.atomic():
        locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        if locked.status == to and expires in (None, locked.expires):
            return locked
        if locked.status not in allowed:
            raise CredentialError(
                _("Endorsement %(number)s is %(state)s, so it cannot become %(target)s.")
                % {
                    "number": locked.number,
                    "state": Status(locked.status).label,
                    "target": Status(to).label,
                }
            )
        if to == Status.ACTIVE:
            _must_be_in_force(locked, expires or locked.expires)
        elif to == Status.LAPSED:
            _must_be_out_of_force(locked)
        before = locked.status
        locked.status = to
        changed = ["status"]
        if expires is not None:
            locked.expires = expires
            changed.append("expires")
        if to == Status.REVOKED:
            # When and why, on the row for the verification page; the event keeps it for history.
            locked.revoked_on = timezone.localdate()
            locked.revocation_reason = reason.strip()
            changed += ["revoked_on", "revocation_reason"]
        elif before == Status.REVOKED:
            locked.revoked_on = None
            locked.revocation_reason = ""
            changed += ["revoked_on", "revocation_reason"]
        with validation_as_dyad_error(CredentialError):
            locked.full_clean()
        locked.save(update_fields=changed)
        _record(locked, verb, actor, before, to, reason)
    return locked


def _last_day_in_force(endorsement: Endorsement, expires: date) -> date:
    """The last day an endorsement expiring on `expires` is in force: the rule of
    `Endorsement.is_in_force`, for a new expiry date too."""
    return endorsement.last_day_in_force(expires)


def _must_be_in_force(endorsement: Endorsement, expires: date) -> None:
    if _last_day_in_force(endorsement, expires) < timezone.localdate():
        raise CredentialError(
            _(
                "Endorsement %(number)s expired on %(expires)s and its grace period is over: "
                "give a new expiry date to reinstate it."
            )
            % {"number": endorsement.number, "expires": expires.isoformat()},
            field="expires",
        )


def _must_be_out_of_force(endorsement: Endorsement) -> None:
    """A lapse records an endorsement that ran out; one still in force is revoked instead."""
    last_day = _last_day_in_force(endorsement, endorsement.expires)
    if last_day >= timezone.localdate():
        raise CredentialError(
            _(
                "Endorsement %(number)s is still in force until %(last_day)s (its expiry date "
                "plus the grace period), so it has not lapsed; revoke it instead."
            )
            % {"number": endorsement.number, "last_day": last_day.isoformat()}
        )


def _record(endorsement: Endorsement, verb, actor, from_state, to_state, reason) -> None:
    record_event(
        subject=endorsement,
        verb=verb,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data={
            "number": endorsement.number,
            "category": endorsement.category,
            "expires": endorsement.expires.isoformat(),
        },
    )


def _earlier_grant(wanted: Endorsement) -> Endorsement | None:
    """The endorsement already granted with this number, if it is the same grant."""
    # Numbers are unique across associations, so the check looks across them on purpose; it
    # returns a row only of the caller's own association (the details must match).
    with scopes_disabled():
        existing = Endorsement.objects.filter(number=wanted.number).first()
    if existing is None:
        return None
    if any(getattr(existing, name) != getattr(wanted, name) for name in GRANT_DETAILS):
        raise CredentialError(
            _("The number %(number)s already belongs to another endorsement.")
            % {"number": wanted.number},
            field="number",
        )
    return existing
