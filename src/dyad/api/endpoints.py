"""The endpoints of /api/v1/: public reads (no key, rate limited) and an association's own data
(with its key). Thin: reads through selectors, writes through the same services as the pages."""

import re
from datetime import date
from typing import Annotated, Literal

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from pydantic import BeforeValidator

from dyad.applications.models import Application
from dyad.applications.services import requirement_set_for
from dyad.associations.models import Association
from dyad.core.events import describe, history
from dyad.credentials import records
from dyad.credentials import selectors as registry_selectors
from dyad.credentials.models import Endorsement
from dyad.credentials.status import standing
from dyad.credentials.workplace import change_workplace
from dyad.imports import membership
from dyad.imports.plans import ImportRefused
from dyad.standards.codes import CATEGORIES, standard_of

from . import schemas, selectors
from .auth import KeyAuth, keyed, public
from .problems import Problem, not_found

Category = Literal[CATEGORIES]  # type: ignore[valid-type]
Standing = Literal["active", "grace", "lapsed", "revoked"]
State = Literal[tuple(Application.State.values)]  # type: ignore[valid-type]
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value):
    """A day written YYYY-MM-DD only (pydantic alone would read "0" as 1 January 1970)."""
    if isinstance(value, str) and not ISO_DAY.match(value):
        raise ValueError("write the day as YYYY-MM-DD")
    return value


IsoDay = Annotated[date, BeforeValidator(_iso_day)]
Number = Path(..., max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$")

public_router = Router(tags=["public"])
keyed_router = Router(tags=["association"], auth=KeyAuth())


def _history(endorsement) -> list[dict]:
    return [
        {"date": timezone.localtime(event.created_at).date(), "text": describe(event)}
        for event in records.endorsement_history(endorsement)
    ]


@public_router.get("/verify/{number}", response=schemas.Verification, summary="Verify a credential")
@public
def verify(request, number: str = Number):
    """A credential's status in plain words and its history, by its number: what the public
    verification page shows (the holder's registry choice does not hide it)."""
    endorsement = records.public_endorsement(number)
    if endorsement is None:
        raise not_found(_("No credential has the number %(number)s.") % {"number": number})
    s = standing(endorsement)
    return {
        "number": endorsement.number,
        "holder_name": endorsement.holder_name,
        "category": endorsement.category,
        "association": endorsement.association,
        "status": s.state,
        "in_force": s.in_force,
        "status_text": s.sentence,
        "granted": endorsement.granted,
        "expires": endorsement.expires,
        "revoked_on": endorsement.revoked_on,
        "revocation_reason": endorsement.revocation_reason,
        "history": _history(endorsement),
    }


@public_router.get("/registry", response=schemas.RegistryPage, summary="Search the registry")
@public
def registry(
    request,
    q: str = Query("", max_length=100, description="name, number or category"),
    category: Category | None = Query(None),
    association: str = Query("", max_length=40, description="the association's short name"),
    county: str = Query("", max_length=100),
    cursor: str = Query("", max_length=240, description="next_cursor of the previous page"),
    size: int = Query(50, ge=1, le=100),
):
    """Endorsements in force whose holders are listed in the public registry, by name then id."""
    search = registry_selectors.RegistrySearch(
        query=q.strip(), category=category or "", association=association, county=county
    )
    page = registry_selectors.registry(search, after=cursor, size=size)
    return {
        "items": [
            {
                "number": e.number,
                "holder_name": e.holder_name,
                "category": e.category,
                "granted": e.granted,
                "expires": e.expires,
                "county": e.county,
                "state": e.state,
                "association": e.association,
            }
            for e in page.rows
        ],
        "next_cursor": page.after or None,
    }


@public_router.get(
    "/associations/{slug}/requirement-sets/{category}",
    response=schemas.RequirementSetOut,
    summary="An association's current requirement set",
)
@public
def requirement_set(
    request,
    slug: str = Path(..., max_length=40, pattern=r"^[-a-zA-Z0-9_]+$"),
    category: Category = Path(...),
):
    """The requirements a new application for `category` to this association is judged under."""
    association = Association.objects.filter(slug=slug).first()
    if association is None or standard_of(category) not in association.standards:
        raise Http404(_("That association does not endorse in this category."))
    rset = requirement_set_for(association, category)
    spec = rset.category(category)
    return {
        "association": association.slug,
        "id": rset.id,
        "version": rset.version,
        "standard": rset.standard,
        "title": rset.title,
        "category": {
            "code": spec.code,
            "name": spec.name,
            "exam": spec.exam,
            "equivalent": spec.equivalent,
            "application": [{"rule": r.rule, "params": dict(r.params)} for r in spec.application],
            "renewal": [{"rule": r.rule, "params": dict(r.params)} for r in spec.renewal],
        },
    }


# --- an association's own data, with its key -------------------------------------------------


def _endorsement(association, number: str) -> Endorsement:
    found = Endorsement.objects.filter(association=association, number=number).first()
    if found is None:
        raise not_found(_("The association has no endorsement %(number)s.") % {"number": number})
    return found


@keyed_router.get("/endorsements", response=schemas.EndorsementPage, summary="List endorsements")
@keyed()
def list_endorsements(
    request,
    status: Standing | None = Query(None),
    category: Category | None = Query(None),
    q: str = Query("", max_length=100, description="words of the name"),
    expires_before: IsoDay | None = Query(None),
    expires_after: IsoDay | None = Query(None),
    cursor: str = Query("", max_length=64),
    size: int = Query(50, ge=1, le=selectors.MAX_PAGE),
):
    rows = selectors.endorsements(
        request.auth.association,
        status=status or "",
        category=category or "",
        q=q,
        expires_before=expires_before,
        expires_after=expires_after,
    )
    page = selectors.page_of(rows, cursor, size)
    return {
        "items": [selectors.endorsement_out(e) for e in page.items],
        "next_cursor": page.next_cursor,
    }


@keyed_router.get(
    "/endorsements/{number}", response=schemas.EndorsementDetail, summary="Read an endorsement"
)
@keyed()
def get_endorsement(request, number: str = Number):
    endorsement = _endorsement(request.auth.association, number)
    return {
        **selectors.endorsement_out(endorsement),
        "status_text": standing(endorsement).sentence,
        "history": _history(endorsement),
    }


@keyed_router.patch(
    "/endorsements/{number}",
    response=schemas.EndorsementDetail,
    summary="Update where the person works (county, state)",
)
@keyed(write=True)
def update_endorsement(request, payload: schemas.WorkplaceIn, number: str = Number):
    endorsement = _endorsement(request.auth.association, number)
    endorsement = change_workplace(
        endorsement=endorsement,
        county=payload.county,
        state=payload.state,
        via=f"api_key:{request.auth.prefix}",
    )
    return {
        **selectors.endorsement_out(endorsement),
        "status_text": standing(endorsement).sentence,
        "history": _history(endorsement),
    }


@keyed_router.get("/people", response=schemas.PersonPage, summary="List people")
@keyed()
def list_people(
    request,
    q: str = Query("", max_length=100, description="part of the name or the email address"),
    email: str = Query("", max_length=254, description="this email address exactly"),
    cursor: str = Query("", max_length=64),
    size: int = Query(50, ge=1, le=selectors.MAX_PAGE),
):
    """People with an endorsement of the association or an application to it."""
    association = request.auth.association
    rows = selectors.people(association)
    if q.strip():
        words = q.strip()
        rows = rows.filter(Q(display_name__icontains=words) | Q(email__icontains=words))
    if email.strip():
        rows = rows.filter(email__iexact=email.strip())
    page = selectors.page_of(rows, cursor, size)
    return {
        "items": selectors.people_out(association, page.items),
        "next_cursor": page.next_cursor,
    }


@keyed_router.get("/people/{person_id}", response=schemas.PersonOut, summary="Read a person")
@keyed()
def get_person(request, person_id: int = Path(..., ge=1, le=2**31 - 1)):
    association = request.auth.association
    person = selectors.people(association).filter(pk=person_id).first()
    if person is None:
        raise not_found(_("The association has no such person."))
    return selectors.people_out(association, [person])[0]


@keyed_router.get("/applications", response=schemas.ApplicationPage, summary="List applications")
@keyed()
def list_applications(
    request,
    state: State | None = Query(None),
    category: Category | None = Query(None),
    cursor: str = Query("", max_length=64),
    size: int = Query(50, ge=1, le=selectors.MAX_PAGE),
):
    rows = selectors.applications(
        request.auth.association, state=state or "", category=category or ""
    )
    page = selectors.page_of(rows, cursor, size)
    return {
        "items": [selectors.application_out(a) for a in page.items],
        "next_cursor": page.next_cursor,
    }


@keyed_router.get(
    "/applications/{application_id}",
    response=schemas.ApplicationDetail,
    summary="Read an application, its state and timeline",
)
@keyed()
def get_application(request, application_id: int = Path(..., ge=1, le=2**31 - 1)):
    application = selectors.applications(request.auth.association).filter(pk=application_id).first()
    if application is None:
        raise not_found(_("The association has no such application."))
    return {
        **selectors.application_out(application),
        "timeline": [
            {"at": event.created_at, "event": event.verb, "text": describe(event)}
            for event in history(application)
        ],
    }


@keyed_router.get("/renewals-due", response=schemas.RenewalPage, summary="Renewals due")
@keyed()
def renewals_due(
    request,
    days: int = Query(90, ge=0, le=730, description="expiring within this many days"),
    cursor: str = Query("", max_length=64),
    size: int = Query(50, ge=1, le=selectors.MAX_PAGE),
):
    """Endorsements in force whose expiry date is within `days` from today (or already passed,
    in the grace period)."""
    today = timezone.localdate()
    page = selectors.page_of(selectors.renewals_due(request.auth.association, days), cursor, size)
    return {
        "items": [
            {**selectors.endorsement_out(e), "days_left": (e.expires - today).days}
            for e in page.items
        ],
        "next_cursor": page.next_cursor,
    }


@keyed_router.post(
    "/memberships",
    response=schemas.MembershipsOut,
    summary="Update membership status in bulk (dry run by default)",
)
@keyed(write=True)
def update_memberships(request, payload: schemas.MembershipsIn):
    """Each row sets the membership expiry of one of the association's people, by the same rules
    as the membership import (docs/imports.md): rows for anyone else are left alone. With
    `dry_run` (the default) nothing is saved and the answer says what would change; otherwise the
    rows are applied in one transaction, or nothing at all when any row is in error (a 422
    listing every error by row). Sending the same rows twice changes nothing the second time."""
    association = request.auth.association
    rows = [
        {"email": r.email, "expires": r.expires, "_row": i} for i, r in enumerate(payload.rows, 1)
    ]
    plan = membership.preview_membership(association, rows)
    if not payload.dry_run and plan.ok:
        try:
            membership.apply_membership(
                association, plan, actor=None, via=f"api_key:{request.auth.prefix}"
            )
        except ImportRefused as refused:  # the rows changed between the preview and the save
            plan = refused.plan
        else:
            return _membership_answer(plan, dry_run=False, saved=True)
    if not payload.dry_run:
        first = plan.errors[0]
        raise Problem(
            422,
            _("Some rows are not valid: nothing was saved"),
            _("Row %(row)s, %(column)s: %(message)s")
            % {"row": first.row, "column": first.column, "message": first.message},
            f"rows.{first.row}.{first.column}",
            errors=[e.to_dict() for e in plan.errors],
        )
    return _membership_answer(plan, dry_run=True, saved=False)


def _membership_answer(plan, *, dry_run: bool, saved: bool) -> dict:
    return {
        "dry_run": dry_run,
        "saved": saved,
        "counts": plan.counts(),
        "steps": [step.to_dict() for step in plan.steps],
        "errors": [error.to_dict() for error in plan.errors],
    }
