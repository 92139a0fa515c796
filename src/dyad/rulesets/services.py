"""Changes to requirement sets: the only way they happen.

A coordinator starts a draft (a copy of the Alliance's baseline or of the association's current
version), changes values category by category (each refused by the requirement-set JSON Schema
is named next to its field, nothing saved), previews the impact, and publishes: the draft
becomes the next numbered version, immutable, with a note. New applications start under it;
applications already started keep theirs (`applications.services.requirement_set_of`).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dyad.associations.models import Association
from dyad.core.errors import DyadError
from dyad.core.events import record_event
from dyad.standards.requirement_sets import (
    BASELINES,
    RequirementSetError,
    build_requirement_set,
    schema_errors,
)

from . import selectors
from .documents import cross_problems, digest, schema_problems, with_values
from .models import Draft, ImpactRun, PublishedSet

BASELINE, CURRENT = "baseline", "current"


class RulesetError(DyadError):
    """A change to a requirement set that cannot be made; `problems` names the fields."""

    def __init__(self, message: str, field: str | None = None, problems=None) -> None:
        super().__init__(message, field=field)
        self.problems: dict[str, list[str]] = problems or {}


def _check_standard(association: Association, standard: str) -> None:
    if standard not in BASELINES or standard not in association.standards:
        raise RulesetError(
            _("%(association)s does not endorse in the %(standard)s standard.")
            % {"association": association.name, "standard": standard},
            field="standard",
        )


def start_draft(*, association: Association, standard: str, source: str, actor) -> Draft:
    """A draft of `standard`'s requirements copied from the baseline or the current version.
    One draft per standard: starting again returns the draft already there."""
    _check_standard(association, standard)
    if source not in (BASELINE, CURRENT):
        raise RulesetError(_("Choose what to start from."), field="source")
    existing = selectors.draft_of(association, standard)
    if existing is not None:
        return existing
    if source == BASELINE:
        set_id, version, document = selectors.baseline_document(standard)
    else:
        set_id, version, document = selectors.current_document(association, standard)
    copied = {k: v for k, v in document.items() if k not in ("source", "association")}
    copied.update(
        id=selectors.set_id_for(association, standard),
        version=selectors.next_version(association, standard),
        title=_("%(association)s: %(standard)s requirements")
        % {"association": association.name, "standard": standard},
        association=association.slug,
    )
    draft = Draft(
        association=association,
        standard=standard,
        based_on_set=set_id,
        based_on_version=version,
        document=copied,
    )
    try:
        with transaction.atomic():
            draft.save(force_insert=True)
            record_event(
                subject=draft,
                verb="requirement_set.draft_started",
                actor=actor,
                association=association,
                data={"standard": standard, "based_on": f"{set_id}@{version}"},
            )
    except IntegrityError:
        earlier = selectors.draft_of(association, standard)
        if earlier is None:
            raise
        return earlier  # the same request twice, at once
    return draft


def change_draft(*, draft: Draft, category: str, values: dict[str, Any], actor) -> Draft:
    """Set `values` (knob name -> value) on `category`'s rules. Anything the requirement-set
    schema refuses raises RulesetError with the problems by field; nothing is saved then."""
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if category not in locked.document["categories"]:
            raise RulesetError(_("This set has no category %(c)s.") % {"c": category})
        document = with_values(locked.document, category, values)
        problems = schema_problems(document, category)
        for name, messages in cross_problems(document, category).items():
            problems.setdefault(name, []).extend(messages)
        if problems:
            raise RulesetError(
                _("Nothing was saved: correct the values marked below."), problems=problems
            )
        try:
            build_requirement_set(document, document["id"])
        except RequirementSetError as exc:
            raise RulesetError(str(exc)) from None
        if document == locked.document:
            return locked
        locked.document = document
        locked.save(update_fields=["document", "updated_at"])
        record_event(
            subject=locked,
            verb="requirement_set.draft_changed",
            actor=actor,
            association=locked.association,
            data={"standard": locked.standard, "category": category},
        )
    return locked


def discard_draft(*, draft: Draft, actor) -> None:
    with transaction.atomic():
        locked = Draft.objects.select_for_update().filter(pk=draft.pk).first()
        if locked is None:
            return
        record_event(
            subject=locked,
            verb="requirement_set.draft_discarded",
            actor=actor,
            association=locked.association,
            data={"standard": locked.standard},
        )
        locked.delete()


def publish_draft(*, association: Association, key: uuid.UUID, note: str, actor) -> PublishedSet:
    """The draft `key` becomes the association's next version, for good, with `note`. Publishing
    the same draft twice (a double submit) returns the version made the first time."""
    note = note.strip()
    if not note:
        raise RulesetError(_("Say in a sentence what changes and why."), field="note")
    with transaction.atomic():
        locked = Draft.objects.select_for_update().filter(association=association, key=key).first()
        if locked is None:
            earlier = PublishedSet.objects.filter(association=association, draft_key=key).first()
            if earlier is not None:
                return earlier
            raise RulesetError(_("This draft is no longer there: it was published or discarded."))
        version = selectors.next_version(association, locked.standard)
        document = dict(locked.document, version=version)
        try:
            build_requirement_set(document, document["id"])
        except RequirementSetError as exc:
            raise RulesetError(str(exc)) from None
        row = PublishedSet(
            association=association,
            set_id=document["id"],
            version=version,
            standard=locked.standard,
            title=document["title"],
            document=document,
            note=note,
            digest=digest(document),
            draft_key=locked.key,
        )
        row.save(force_insert=True)
        record_event(
            subject=row,
            verb="requirement_set.published",
            actor=actor,
            association=association,
            reason=note,
            data={"standard": locked.standard, "set": row.set_id, "version": version},
        )
        locked.delete()
    return row


def publish_baseline(*, document: dict[str, Any], note: str, actor=None) -> PublishedSet:
    """The Alliance's next version of a baseline (`imh-e-baseline`, `ecmh-e-baseline`), from a
    whole set document: its version must be the next number, and the versions before stay as
    they are. Associations without their own set start new applications under it."""
    refusals = sorted(schema_errors(document), key=lambda e: list(e.absolute_path))
    if refusals:
        where = "/" + "/".join(str(p) for p in refusals[0].absolute_path)
        raise RulesetError(f"{where}: {refusals[0].message}")
    try:
        rset = build_requirement_set(document, str(document["id"]))
    except RequirementSetError as exc:
        raise RulesetError(str(exc)) from None
    if "extends" in document or BASELINES.get(rset.standard) != rset.id:
        raise RulesetError(
            _("A baseline is a whole set with the id %(id)s.") % {"id": BASELINES[rset.standard]}
        )
    if not note.strip():
        raise RulesetError(_("Say in a sentence what changes and why."), field="note")
    with transaction.atomic():
        latest = selectors.baseline_document(rset.standard)[1]
        if rset.version != latest + 1:
            raise RulesetError(
                _("The next version of %(id)s is %(next)s, not %(version)s.")
                % {"id": rset.id, "next": latest + 1, "version": rset.version}
            )
        row = PublishedSet(
            association=None,
            set_id=rset.id,
            version=rset.version,
            standard=rset.standard,
            title=rset.title,
            document=document,
            note=note.strip(),
            digest=digest(document),
        )
        row.save(force_insert=True)
        record_event(
            subject=row,
            verb="requirement_set.published",
            actor=actor,
            reason=note.strip(),
            data={"standard": rset.standard, "set": rset.id, "version": rset.version},
        )
    return row


def start_impact(*, draft: Draft, actor) -> ImpactRun:
    """Queue the impact preview of `draft` for the worker. A preview of the same content still
    waiting or running is returned instead of a second one."""
    from .tasks import run_impact

    set_id, version, _document = selectors.current_document(draft.association, draft.standard)
    against = f"{set_id}@{version}"
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        wanted = digest(locked.document)
        waiting = ImpactRun.objects.filter(
            draft=locked,
            draft_digest=wanted,
            against=against,
            status__in=[ImpactRun.Status.QUEUED, ImpactRun.Status.RUNNING],
        ).first()
        if waiting is not None:
            return waiting
        run = ImpactRun.objects.create(
            association=locked.association,
            draft=locked,
            draft_digest=wanted,
            against=against,
            started_by=actor,
        )
        transaction.on_commit(lambda: run_impact.enqueue(run.pk))
    return run


def finish_impact(run: ImpactRun, result: dict, seconds: float) -> None:
    """Record what the worker found (called by the task, inside the association's scope)."""
    ImpactRun.objects.filter(pk=run.pk).update(
        status=ImpactRun.Status.DONE,
        result=result,
        done=run.total,
        finished_at=timezone.now(),
        seconds=seconds,
    )
