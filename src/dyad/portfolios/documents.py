"""A person's portfolio as a `dyad-portfolio/1` file (docs/portfolio-format.md), out and in.

`export_document(user)` writes the file from the same facts the engine reads on the person's
pages (`portfolio_facts`), so `dyad assess` of the exported file and the page agree rule by rule.

`import_document(user, data, actor=...)` reads a file with the one reader the command line and
the eligibility page use (`load_portfolio_bytes`: the schema, then the cross-field checks), so a
file is accepted here exactly when it is accepted there. Every row is added in one transaction
with one event; on any problem nothing is saved. What this slice of the portfolio does not keep
yet (references, exams, endorsements held) is not imported and is counted in `left_out`.
Providers in a file are people from outside Dyad: their endorsements are stored as stated by the
applicant.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from dyad.core.events import record_event
from dyad.core.models import Event
from dyad.standards import facts
from dyad.standards.portfolio_file import FORMAT, load_portfolio_bytes

from .models import (
    Agreement,
    Education,
    Membership,
    RscProvider,
    RscSession,
    StatedEndorsement,
    Training,
    WorkExperience,
)
from .selectors import portfolio_facts
from .services import MAX_ENTRIES, PortfolioError

IMPORTED = "portfolio.imported"


def export_document(user) -> dict[str, Any]:
    """The person's portfolio as a dyad-portfolio/1 document (a dict ready for JSON).

    Work and provider ids are the rows' refs (`work_experience:7`, `rsc_provider:3`). A Dyad
    provider's endorsements are those Dyad granted; an outside provider's, those the applicant
    stated (the file has no field to tell them apart)."""
    return document_from_facts(portfolio_facts(user))


def document_from_facts(p: facts.Portfolio) -> dict[str, Any]:
    def day(value) -> str | None:
        return value.isoformat() if value else None

    def optional(**values: Any) -> dict[str, Any]:
        return {k: v for k, v in values.items() if v not in ("", None, False, ())}

    doc: dict[str, Any] = {"format": FORMAT, "person": optional(name=p.name, email=p.email)}
    doc["education"] = [
        {
            "level": e.level,
            "completed": day(e.completed),
            **optional(
                field=e.field,
                related_field=e.related_field,
                imh_certificate=e.imh_certificate,
                institution=e.institution,
            ),
        }
        for e in p.education
    ]
    doc["training"] = [
        {
            "title": t.title,
            "date": day(t.date),
            "minutes": t.minutes,
            "imh_specific": t.imh_specific,
            **optional(areas=list(t.areas), provider=t.provider),
        }
        for t in p.training
    ]
    doc["work"] = [
        {
            "id": w.id,
            "start": day(w.start),
            "end": day(w.end),
            "hours_per_week": _number(w.hours_per_week),
            "paid": w.paid,
            "kind": w.kind,
            "participants": w.participants,
            "population": {
                "min_months": w.min_months,
                "max_months": w.max_months,
                "prenatal": w.prenatal,
            },
            **optional(
                services=list(w.services),
                relationship_focused=w.relationship_focused,
                addresses_attachment_loss=w.addresses_attachment_loss,
                role=w.role,
                employer=w.employer,
            ),
        }
        for w in p.work
    ]
    doc["rsc_providers"] = [
        {
            "id": pr.id,
            "name": pr.name,
            **optional(degree=pr.degree),
            "endorsements": [
                {"category": h.category, "from": day(h.start), "to": day(h.end)}
                for h in pr.endorsements
            ],
        }
        for pr in p.providers
    ]
    doc["rsc"] = [
        {
            "date": day(s.date),
            "minutes": s.minutes,
            "format": s.format,
            "provider": s.provider,
            **optional(work=s.work),
        }
        for s in p.rsc
    ]
    doc["agreements"] = {a.document: day(a.signed) for a in p.agreements}
    if p.exams:
        # recorded by the association that scored them; an import leaves them out (left_out)
        doc["exams"] = [
            {"category": e.category, "date": day(e.date), "result": e.result} for e in p.exams
        ]
    if p.membership is not None:
        doc["membership"] = {
            "expires": day(p.membership.expires),
            **optional(association=p.membership.association),
        }
    return doc


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class ImportResult:
    """What an import added (entries of each kind) and what it left out, by the file's names."""

    added: dict[str, int] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.added.values())


def read_document(data: bytes | dict[str, Any]) -> facts.Portfolio:
    """The file's facts, through the one reader; raises `dyad.standards.PortfolioError` (its
    `lines()` name each problem by JSON pointer) when the file is refused."""
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    return load_portfolio_bytes(raw)


def preview_document(data: bytes | dict[str, Any]) -> ImportResult:
    """What importing the file would add, without saving anything."""
    return _counts(read_document(data))


def import_document(
    user, data: bytes | dict[str, Any], actor=None, key: uuid.UUID | None = None
) -> ImportResult:
    """Add every entry of a portfolio file to `user`'s portfolio, in one transaction.

    Raises `dyad.standards.PortfolioError` for a file the reader refuses and `PortfolioError`
    (ours) when the rows would pass what a portfolio holds; nothing is saved then. `key` makes
    a retried import (the same request again) return the first one's result without adding
    anything twice."""
    if actor is not None and actor.pk != user.pk:
        raise PortfolioError(_("Only the owner of a portfolio can change it."))
    earlier = _earlier_import(user, key)
    if earlier is not None:
        return earlier
    portfolio = read_document(data)
    result = _counts(portfolio)
    try:
        with transaction.atomic():
            _check_room(user, portfolio)
            _add_rows(user, portfolio, key)
            data_ = {"owner": user.pk, "added": result.added, "left_out": result.left_out}
            if key is not None:
                data_["key"] = str(key)
            record_event(subject=user, verb=IMPORTED, actor=actor, data=data_)
    except IntegrityError:
        # The same request twice at once: the first one's rows hold its keys.
        earlier = _earlier_import(user, key)
        if earlier is None:
            raise
        return earlier
    return result


def _counts(p: facts.Portfolio) -> ImportResult:
    added = {
        "education": len(p.education),
        "training": len(p.training),
        "work": len(p.work),
        "rsc_providers": len(p.providers),
        "rsc": len(p.rsc),
        "agreements": len(p.agreements),
        "membership": 1 if p.membership else 0,
    }
    left_out = {
        "references": len(p.references),
        "exams": len(p.exams),
        "endorsements": len(p.endorsements),
    }
    return ImportResult(
        {k: v for k, v in added.items() if v}, {k: v for k, v in left_out.items() if v}
    )


def _earlier_import(user, key: uuid.UUID | None) -> ImportResult | None:
    if key is None:
        return None
    # The person's own events belong to no association (see selectors.portfolio_history).
    with scopes_disabled():
        event = (
            Event.objects.filter(
                association__isnull=True, verb=IMPORTED, data__owner=user.pk, data__key=str(key)
            )
            .order_by("id")
            .first()
        )
    if event is None:
        return None
    return ImportResult(event.data.get("added", {}), event.data.get("left_out", {}))


def _check_room(user, p: facts.Portfolio) -> None:
    """The file fits within its own limits; with what the person has already it may not."""
    incoming = {
        Education: len(p.education),
        Training: len(p.training),
        WorkExperience: len(p.work),
        RscProvider: len(p.providers),
        RscSession: len(p.rsc),
    }
    for model, count in incoming.items():
        if not count:
            continue
        have = model.objects.filter(owner=user).aggregate(n=Count("id"))["n"]
        if have + count > MAX_ENTRIES[model]:
            raise PortfolioError(
                _(
                    "Your portfolio has %(have)s %(what)s entries and the file %(count)s more: "
                    "a portfolio holds at most %(limit)s."
                )
                % {
                    "have": f"{have:,}",
                    "what": model._meta.verbose_name,
                    "count": f"{count:,}",
                    "limit": f"{MAX_ENTRIES[model]:,}",
                }
            )


def _add_rows(user, p: facts.Portfolio, key: uuid.UUID | None) -> None:
    """Rows from the file's facts (each already checked by the reader), in the file's order."""

    def keyed(ref: str) -> uuid.UUID | None:
        return uuid.uuid5(key, ref) if key is not None else None

    def entry(model, fact, **fields):
        return model(owner=user, idempotency_key=keyed(fact.ref), **fields)

    Education.objects.bulk_create(
        entry(
            Education,
            e,
            level=e.level,
            completed=e.completed,
            field=e.field,
            related_field=e.related_field,
            imh_certificate=e.imh_certificate,
            institution=e.institution,
        )
        for e in p.education
    )
    Training.objects.bulk_create(
        entry(
            Training,
            t,
            title=t.title,
            date=t.date,
            minutes=t.minutes,
            imh_specific=t.imh_specific,
            areas=list(t.areas),
            provider=t.provider,
        )
        for t in p.training
    )
    work = WorkExperience.objects.bulk_create(
        entry(
            WorkExperience,
            w,
            start=w.start,
            end=w.end,
            hours_per_week=w.hours_per_week,
            paid=w.paid,
            kind=w.kind,
            participants=w.participants,
            min_months=w.min_months,
            max_months=w.max_months,
            prenatal=w.prenatal,
            services=list(w.services),
            relationship_focused=w.relationship_focused,
            addresses_attachment_loss=w.addresses_attachment_loss,
            role=w.role,
            employer=w.employer,
        )
        for w in p.work
    )
    work_by_id = {w.id: row for w, row in zip(p.work, work, strict=True)}
    providers = RscProvider.objects.bulk_create(
        entry(RscProvider, pr, name=pr.name, degree=pr.degree or "") for pr in p.providers
    )
    provider_by_id = {pr.id: row for pr, row in zip(p.providers, providers, strict=True)}
    StatedEndorsement.objects.bulk_create(
        StatedEndorsement(provider=row, category=h.category, start=h.start, end=h.end)
        for pr, row in zip(p.providers, providers, strict=True)
        for h in pr.endorsements
    )
    RscSession.objects.bulk_create(
        entry(
            RscSession,
            s,
            date=s.date,
            minutes=s.minutes,
            format=s.format,
            provider=provider_by_id[s.provider],
            work=work_by_id.get(s.work) if s.work else None,
        )
        for s in p.rsc
    )
    Agreement.objects.bulk_create(
        entry(Agreement, a, document=a.document, signed=a.signed) for a in p.agreements
    )
    if p.membership is not None:
        m = p.membership
        Membership.objects.bulk_create(
            [entry(Membership, m, association_name=m.association, expires=m.expires)]
        )
