"""Changes to a person's portfolio: the only way its rows are written (style.md, rule 3).

Each verb is one transaction with its event (`portfolio.<kind>.added/changed/removed`, subject the
row, no association: a portfolio is the person's own, not an association's). Events store the
owner's id, never what the entry says. Only the owner changes their portfolio (`actor` is the
owner, or None for the system); anyone else gets a `PortfolioError`.

A retried request never makes two rows: the add verbs take `key`, the idempotency key (a UUID)
the form carries, stored unique per owner; the same key again returns the row made the first
time, without a second event. Errors a person can act on are `PortfolioError` naming the field
(`full_clean` runs inside `validation_as_dyad_error`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from dyad.core.errors import DyadError, validation_as_dyad_error
from dyad.core.events import record_event
from dyad.credentials.models import Endorsement

from .models import (
    Agreement,
    Education,
    Entry,
    ExamEntry,
    Membership,
    RscProvider,
    RscSession,
    StatedEndorsement,
    Training,
    WorkExperience,
)

#: the word of each kind in event verbs (`portfolio.training.added`)
KINDS: dict[type[models.Model], str] = {
    Education: "education",
    Training: "training",
    WorkExperience: "work_experience",
    RscProvider: "rsc_provider",
    StatedEndorsement: "stated_endorsement",
    RscSession: "rsc_session",
    Agreement: "agreement",
    Membership: "membership",
    ExamEntry: "exam",
}


#: the most entries of each kind a portfolio file holds (docs/portfolio-format.md), so that every
#: portfolio exports as a file the reader accepts
MAX_ENTRIES: dict[type[models.Model], int] = {
    Education: 50,
    Training: 2000,
    WorkExperience: 200,
    RscProvider: 100,
    RscSession: 5000,
}
#: the most endorsements stated for one provider (`rsc_providers[].endorsements`)
MAX_STATED = 50


class PortfolioError(DyadError):
    """A change to a portfolio that cannot be made; `field` names the field to fix."""


# -- the verbs ------------------------------------------------------------------------------


def add_education(*, owner, actor=None, key: uuid.UUID | None = None, **fields) -> Education:
    """Add a degree or credential (requirements.md: education)."""
    return _add(Education, owner, actor, key, fields)


def change_education(*, education: Education, actor=None, **fields) -> Education:
    return _change(education, actor, fields)


def remove_education(*, education: Education, actor=None) -> None:
    _remove(education, actor)


def add_training(*, owner, actor=None, key: uuid.UUID | None = None, **fields) -> Training:
    """Add specialized in-service training (requirements.md: training)."""
    return _add(Training, owner, actor, key, fields)


def change_training(*, training: Training, actor=None, **fields) -> Training:
    return _change(training, actor, fields)


def remove_training(*, training: Training, actor=None) -> None:
    _remove(training, actor)


def add_work_experience(
    *, owner, actor=None, key: uuid.UUID | None = None, **fields
) -> WorkExperience:
    """Add a job or other work (requirements.md: work, leadership)."""
    return _add(WorkExperience, owner, actor, key, fields)


def change_work_experience(*, work: WorkExperience, actor=None, **fields) -> WorkExperience:
    return _change(work, actor, fields)


def remove_work_experience(*, work: WorkExperience, actor=None) -> None:
    """Remove a work entry; RS/C sessions that were about it stay, about no work entry."""
    _remove(work, actor)


def add_rsc_provider(*, owner, actor=None, key: uuid.UUID | None = None, **fields) -> RscProvider:
    """Add someone who gave RS/C: a Dyad account (`user`) holding an endorsement, or a person
    named by the applicant."""
    if fields.get("user") is not None:
        _must_be_endorsed(fields["user"])
    return _add(RscProvider, owner, actor, key, fields)


def change_rsc_provider(*, provider: RscProvider, actor=None, **fields) -> RscProvider:
    """Change a provider. A provider with endorsements stated by the applicant cannot become a
    Dyad account: a Dyad provider's endorsements come from Dyad's records only."""
    if fields.get("user") is not None and fields["user"].pk != provider.user_id:
        _must_be_endorsed(fields["user"])
    return _change(provider, actor, fields)


def remove_rsc_provider(*, provider: RscProvider, actor=None) -> None:
    """Remove a provider no session names (remove or move its sessions first)."""
    _remove(provider, actor)


def add_stated_endorsement(*, provider: RscProvider, actor=None, **fields) -> StatedEndorsement:
    """Record an endorsement an outside provider held, as the applicant states it."""
    with transaction.atomic():
        locked = RscProvider.objects.select_for_update().get(pk=provider.pk)
        _must_own(locked.owner_id, actor)
        if locked.user_id is not None:
            raise PortfolioError(
                _(
                    "This provider has a Dyad account: their endorsements come from Dyad's "
                    "records, not from what anyone states."
                ),
                field="category",
            )
        if locked.stated_endorsements.count() >= MAX_STATED:
            raise PortfolioError(_too_many(MAX_STATED), field="category")
        row = StatedEndorsement(provider=locked, **fields)
        with validation_as_dyad_error(PortfolioError):
            row.full_clean()
        row.save(force_insert=True)
        _record(row, "added", actor, locked.owner_id)
    return row


def remove_stated_endorsement(*, endorsement: StatedEndorsement, actor=None) -> None:
    with transaction.atomic():
        locked = (
            StatedEndorsement.objects.select_for_update()
            .select_related("provider")
            .filter(pk=endorsement.pk)
            .first()
        )
        if locked is None:
            return
        _must_own(locked.provider.owner_id, actor)
        _record(locked, "removed", actor, locked.provider.owner_id)
        locked.delete()


def add_rsc_session(*, owner, actor=None, key: uuid.UUID | None = None, **fields) -> RscSession:
    """Log an RS/C session received (requirements.md: rsc_received)."""
    return _add(RscSession, owner, actor, key, fields)


def change_rsc_session(*, session: RscSession, actor=None, **fields) -> RscSession:
    return _change(session, actor, fields)


def remove_rsc_session(*, session: RscSession, actor=None) -> None:
    _remove(session, actor)


#: what an RS/C provider may say of a session logged with them
RSC_ANSWERS = ("confirmed", "corrected", "not_held")
#: what a change by the applicant must not touch for the provider's confirmation to stand
CONFIRMED_FIELDS = frozenset({"date", "minutes", "format", "provider"})


def confirm_rsc_sessions(*, provider: RscProvider, answers: list[dict], actor=None) -> int:
    """The provider's answer for sessions logged with them (requirements.md: rsc_received, the
    provider confirms): each answer names a `session` id and says `confirmed`, `corrected` (with
    the right `date` and `minutes`) or `not_held`. One transaction; each session answered is an
    event on it in the owner's history (`portfolio.rsc_session.<answer>`, the fields corrected).
    `actor` is the provider's account, or None when they answered by link. The same answer again
    changes nothing. Returns how many sessions changed."""
    ids = [a["session"] for a in answers]
    now = timezone.now()
    count = 0
    with transaction.atomic():
        sessions = {
            s.pk: s
            for s in RscSession.objects.select_for_update().filter(provider=provider, pk__in=ids)
        }
        for answer in answers:
            session = sessions.get(answer["session"])
            if session is None:
                raise PortfolioError(_("This session was not logged with you."))
            said = answer["answer"]
            if said not in RSC_ANSWERS:
                raise PortfolioError(
                    _("Confirm the session, correct it, or say it did not happen.")
                )
            data: dict[str, Any] = {"owner": session.owner_id, "provider": provider.pk}
            if said == "corrected":
                changed = sorted(
                    name
                    for name in ("date", "minutes")
                    if answer.get(name) is not None and getattr(session, name) != answer[name]
                )
                if not changed:
                    said = "confirmed"  # "corrected" to what it already says
                for name in changed:
                    setattr(session, name, answer[name])
                data["fields"] = changed
            elif session.confirmation == said:
                continue
            session.confirmation = said
            session.confirmed_at = now
            with validation_as_dyad_error(PortfolioError):
                session.full_clean()
            session.save()
            record_event(
                subject=session, verb=f"portfolio.rsc_session.{said}", actor=actor, data=data
            )
            count += 1
    return count


def sign_agreement(
    *, owner, document: str, signed, actor=None, key: uuid.UUID | None = None
) -> Agreement:
    """Record the day the person signed the code of ethics or the endorsement agreement; the
    latest signature of each document counts (requirements.md: agreements)."""
    return _add(Agreement, owner, actor, key, {"document": document, "signed": signed})


def remove_agreement(*, agreement: Agreement, actor=None) -> None:
    _remove(agreement, actor)


def record_membership(*, owner, actor=None, key: uuid.UUID | None = None, **fields) -> Membership:
    """Record a membership and its expiry; the latest expiry counts (requirements.md)."""
    return _add(Membership, owner, actor, key, fields)


def change_membership(*, membership: Membership, actor=None, **fields) -> Membership:
    return _change(membership, actor, fields)


def remove_membership(*, membership: Membership, actor=None) -> None:
    _remove(membership, actor)


def record_exam_result(
    *, owner, category: str, date, result: str, source: str, association_name: str = "", actor
) -> ExamEntry:
    """The association that scored an exam records its result in the person's portfolio
    (requirements.md: exam): the entry the engine's `exam` rule reads (`facts.exams`, ref
    `exam:<id>`). `source` names the sitting (`exam_sitting:12`): recording it again changes
    nothing. Recorded by staff, not the owner, so no ownership check; one `portfolio.exam.added`
    event naming the owner, in the caller's transaction when there is one."""
    if result not in ExamEntry.Result.values:
        raise PortfolioError(_("An exam result is pass or fail."), field="result")
    with transaction.atomic():
        existing = ExamEntry.objects.select_for_update().filter(owner=owner, source=source).first()
        if existing is not None:
            return existing
        row = ExamEntry(
            owner=owner,
            category=category,
            date=date,
            result=result,
            source=source,
            association_name=association_name,
        )
        with validation_as_dyad_error(PortfolioError):
            row.full_clean()
        row.save(force_insert=True)
        _record(row, "added", actor, owner.pk, {"category": category, "result": result})
    return row


def erase_portfolio_of_erased_person(*, user, actor=None, reason: str = "", **kwargs) -> None:
    """`accounts.signals.person_erased`: an erased person's portfolio is removed, every entry
    (the names of outside providers are other people's data too), in erasure's transaction,
    with one event saying how many entries went. Someone else's provider entry pointing at the
    erased person's account stays: it shows their pseudonym."""
    removed: dict[str, int] = {}
    # Sessions first: they hold their providers (PROTECT); stated endorsements go with those.
    kinds = (
        RscSession,
        RscProvider,
        WorkExperience,
        Training,
        Education,
        Agreement,
        Membership,
        ExamEntry,
    )
    for model in kinds:
        count = model.objects.filter(owner=user).count()
        if count:
            model.objects.filter(owner=user).delete()
            removed[KINDS[model]] = count
    if removed:
        record_event(
            subject=user,
            verb="portfolio.erased",
            actor=actor,
            reason=reason,
            data={"owner": user.pk, "removed": removed},
        )


# -- how they work --------------------------------------------------------------------------


def _must_be_endorsed(user) -> None:
    """A provider chosen in Dyad is someone Dyad endorsed (lapsed counts: they held it then)."""
    # Endorsements are tenant data; whether a person holds one is public (the registry), and a
    # provider's may come from any association: this check crosses associations on purpose.
    with scopes_disabled():
        endorsed = (
            Endorsement.objects.filter(holder=user)
            .exclude(status=Endorsement.Status.REVOKED)
            .exists()
        )
    if not endorsed:
        raise PortfolioError(
            _(
                "%(name)s holds no endorsement in Dyad: add them as a provider from outside, "
                "with the endorsements they held."
            )
            % {"name": user.name},
            field="user",
        )


def _too_many(limit: int) -> str:
    return _("A portfolio holds at most %(limit)s of these: remove one first.") % {
        "limit": f"{limit:,}"
    }


def _must_own(owner_id: int, actor) -> None:
    if actor is not None and getattr(actor, "pk", None) != owner_id:
        raise PortfolioError(_("Only the owner of a portfolio can change it."))


def _earlier(model: type[Entry], owner, key: uuid.UUID | None) -> Entry | None:
    if key is None:
        return None
    return model.objects.filter(owner=owner, idempotency_key=key).first()


def _add(model: type[Entry], owner, actor, key: uuid.UUID | None, fields: dict[str, Any]):
    _must_own(owner.pk, actor)
    existing = _earlier(model, owner, key)
    if existing is not None:
        return existing
    row = model(owner=owner, idempotency_key=key, **fields)
    try:
        with transaction.atomic():
            limit = MAX_ENTRIES.get(model)
            if limit is not None and model.objects.filter(owner=owner).count() >= limit:
                raise PortfolioError(_too_many(limit))
            with validation_as_dyad_error(PortfolioError):
                row.full_clean()
            row.save(force_insert=True)
            _record(row, "added", actor, owner.pk)
    except IntegrityError:
        # Two copies of one request raced past the check above: the first one won.
        existing = _earlier(model, owner, key)
        if existing is None:
            raise
        return existing
    return row


def _editable(model: type[models.Model]) -> set[str]:
    return {
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name != "owner"
    }


def _change(row: Entry, actor, fields: dict[str, Any]):
    model = type(row)
    unknown = set(fields) - _editable(model)
    if unknown:
        raise TypeError(f"{model.__name__} has no changeable field {sorted(unknown)}")
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=row.pk)
        _must_own(locked.owner_id, actor)
        changed = sorted(name for name, value in fields.items() if getattr(locked, name) != value)
        if not changed:
            return locked
        for name in changed:
            setattr(locked, name, fields[name])
        if (
            isinstance(locked, RscSession)
            and locked.confirmation
            and CONFIRMED_FIELDS & set(changed)
        ):
            # the provider confirmed what the session said before: ask them again
            locked.confirmation = ""
            locked.confirmed_at = None
        if (
            isinstance(locked, RscProvider)
            and locked.user_id is not None
            and locked.stated_endorsements.exists()
        ):
            raise PortfolioError(
                _(
                    "Remove the endorsements you stated for this provider first: a Dyad "
                    "account's endorsements come from Dyad's records."
                ),
                field="user",
            )
        with validation_as_dyad_error(PortfolioError):
            locked.full_clean()
        locked.save()
        _record(locked, "changed", actor, locked.owner_id, {"fields": changed})
    return locked


def _remove(row: Entry, actor) -> None:
    model = type(row)
    with transaction.atomic():
        locked = model.objects.select_for_update().filter(pk=row.pk).first()
        if locked is None:
            return  # already removed: a retried request
        _must_own(locked.owner_id, actor)
        if isinstance(locked, RscProvider) and locked.sessions.exists():
            raise PortfolioError(
                _("RS/C sessions name this provider: remove them or choose another provider."),
                field="provider",
            )
        _record(locked, "removed", actor, locked.owner_id)
        locked.delete()


def _record(row: models.Model, action: str, actor, owner_id: int, data=None) -> None:
    record_event(
        subject=row,
        verb=f"portfolio.{KINDS[type(row)]}.{action}",
        actor=actor,
        data={"owner": owner_id, **(data or {})},
    )
