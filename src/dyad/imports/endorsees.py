"""Importing an association's existing endorsees (docs/imports.md: endorsees).

Columns: `number,name,email,category,association,granted,expires,status,county`. Each row is
one endorsement, found by its number: a new number is granted (with the person's account,
created without a password when the email is new), a known one is updated through the
credentials services (its name corrected; lapsed, revoked or reinstated), and one that already
says what the row says is left alone, so the same file twice changes nothing the second time.

`preview_endorsees` makes the plan and saves nothing; `apply_endorsees` makes it again inside
one transaction and applies it only when no row is in error.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from dyad.accounts.bulk import create_unclaimed_people, people_by_email
from dyad.credentials import services as credentials
from dyad.credentials.bulk import grant_endorsements
from dyad.credentials.models import Endorsement, last_day_in_force
from dyad.standards.codes import CATEGORIES

from . import values
from .plans import CREATE, UNCHANGED, UPDATE, ImportRefused, Plan, Result, Step

COLUMNS = (
    "number",
    "name",
    "email",
    "category",
    "association",
    "granted",
    "expires",
    "status",
    "county",
)
REQUIRED = ("number", "name", "category", "granted", "expires")
STATUSES = tuple(Endorsement.Status.values)
_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$")
_STATE = re.compile(r"^(.*\S)\s*,\s*([A-Za-z]{2})$")

Progress = Callable[[int], None]


def _row(association, raw: dict, plan: Plan) -> dict | None:
    """The checked values of one row, or None after adding its errors to the plan."""
    row = raw.get("_row", 0)
    out: dict = {"row": row}
    failed = False

    def read(column: str, reader) -> None:
        nonlocal failed
        try:
            out[column] = reader((raw.get(column) or "").strip())
        except values.CellError as exc:
            plan.error(row, column, str(exc))
            failed = True

    def number(v: str) -> str:
        if not v:
            raise values.CellError(_("The endorsement number is missing."))
        if not _NUMBER.match(v):
            raise values.CellError(
                _("“%(value)s” is not an endorsement number: letters, digits and dashes only.")
                % {"value": v[:60]}
            )
        return v

    def category(v: str) -> str:
        code = v.upper()
        if code not in CATEGORIES:
            raise values.CellError(
                _("“%(value)s” is not a category; use one of %(codes)s.")
                % {"value": v[:40], "codes": ", ".join(CATEGORIES)}
            )
        return code

    def belongs(v: str) -> str:
        if v and v.lower() not in (association.slug.lower(), association.name.lower()):
            raise values.CellError(
                _(
                    "This row belongs to “%(value)s”: import it into that association "
                    "(here only %(slug)s), or leave the column empty."
                )
                % {"value": v[:80], "slug": association.slug}
            )
        return association.slug

    def status(v: str) -> str:
        v = v.lower() or Endorsement.Status.ACTIVE
        if v not in STATUSES:
            raise values.CellError(
                _("“%(value)s” is not a status; use active, lapsed or revoked.") % {"value": v[:40]}
            )
        return v

    def county(v: str) -> tuple[str, str]:
        v = values.text(v, 100, "county", required=False)
        found = _STATE.match(v)
        return (found.group(1), found.group(2).upper()) if found else (v, "")

    read("number", number)
    read("name", lambda v: values.text(v, 200, "name"))
    read("email", values.an_email)
    read("category", category)
    read("association", belongs)
    read("granted", values.a_date)
    read("expires", values.a_date)
    read("status", status)
    read("county", county)
    if failed:
        return None
    if out["expires"] < out["granted"]:
        plan.error(row, "expires", _("The expiry date is before the date it was granted."))
        return None
    last_day = last_day_in_force(out["category"], out["expires"])
    if out["status"] == Endorsement.Status.LAPSED and last_day >= timezone.localdate():
        plan.error(
            row,
            "status",
            _(
                "The row says lapsed, but by its expiry date the endorsement is in force until "
                "%(day)s (the grace period): write active, or revoked."
            )
            % {"day": last_day.isoformat()},
        )
        return None
    out["county"], out["state"] = out["county"]
    return out


def _existing(numbers: list[str]) -> dict[str, Endorsement]:
    # Numbers are unique across associations: look across them on purpose, so a number another
    # association holds is named as taken (never shown: only that it is not this one's).
    found = {}
    with scopes_disabled():
        for start in range(0, len(numbers), 500):
            for e in Endorsement.objects.filter(number__in=numbers[start : start + 500]):
                found[e.number] = e
    return found


def preview_endorsees(association, rows: list[dict]) -> Plan:
    """What importing `rows` (dicts of COLUMNS, each with `_row`) would do; saves nothing."""
    plan = Plan(kind="endorsees", total=len(rows))
    checked = []
    first_row: dict[str, int] = {}
    for raw in rows:
        out = _row(association, raw, plan)
        if out is None:
            continue
        earlier = first_row.setdefault(out["number"].upper(), out["row"])
        if earlier != out["row"]:
            plan.error(
                out["row"],
                "number",
                _("The number %(number)s is also on row %(row)s: each endorsement once.")
                % {"number": out["number"], "row": earlier},
            )
            continue
        checked.append(out)
    existing = _existing([r["number"] for r in checked])
    people = people_by_email(r["email"] for r in checked if r["email"])
    for out in checked:
        step = _step(association, out, existing.get(out["number"]), people, plan)
        if step is not None:
            plan.steps.append(step)
    return plan


def _step(association, out: dict, found: Endorsement | None, people: dict, plan: Plan):
    row, number = out["row"], out["number"]
    label = f"{out['name']} · {out['category']} {number}"
    person = people.get(out["email"]) if out["email"] else None
    if found is None:
        changes = [_("grant, valid until %(day)s") % {"day": out["expires"].isoformat()}]
        if out["status"] != Endorsement.Status.ACTIVE:
            changes.append(_("recorded as %(status)s") % {"status": _status(out["status"])})
        if out["email"] and person is None:
            changes.append(_("new account for %(email)s") % {"email": out["email"]})
        return Step(row, CREATE, label, changes, {**out, "person": person})
    if found.association_id != association.pk:
        plan.error(
            row,
            "number",
            _("The number %(number)s belongs to another association's endorsement.")
            % {"number": number},
        )
        return None
    for column, field in (("category", "category"), ("granted", "granted")):
        if getattr(found, field) != out[column]:
            plan.error(
                row,
                column,
                _(
                    "Endorsement %(number)s was granted with %(value)s in Dyad: a different "
                    "endorsement needs a different number."
                )
                % {"number": number, "value": str(getattr(found, field))},
            )
            return None
    if found.holder_id and person is not None and found.holder_id != person.pk:
        plan.error(
            row,
            "email",
            _("Endorsement %(number)s belongs to another person's account in Dyad.")
            % {"number": number},
        )
        return None
    changes = []
    if found.holder_name != out["name"]:
        changes.append(_("name corrected to %(name)s") % {"name": out["name"]})
    wanted = out["status"]
    reinstating = wanted == Endorsement.Status.ACTIVE and found.status != wanted
    if found.expires != out["expires"] and not reinstating:
        plan.error(
            row,
            "expires",
            _(
                "Endorsement %(number)s expires on %(day)s in Dyad: an expiry date changes "
                "through a renewal or a reinstatement, not an import."
            )
            % {"number": number, "day": found.expires.isoformat()},
        )
        return None
    if (found.county, found.state) != (out["county"], out["state"]) and (
        out["county"] or out["state"]
    ):
        plan.error(
            row,
            "county",
            _(
                "Endorsement %(number)s says %(county)s in Dyad; change it there or leave the "
                "column as it is."
            )
            % {"number": number, "county": found.county or _("no county")},
        )
        return None
    if wanted != found.status:
        if found.status == Endorsement.Status.REVOKED and wanted == Endorsement.Status.LAPSED:
            plan.error(
                row,
                "status",
                _("Endorsement %(number)s is revoked in Dyad: it cannot become lapsed.")
                % {"number": number},
            )
            return None
        if reinstating:
            last_day = last_day_in_force(out["category"], out["expires"])
            if last_day < timezone.localdate():
                plan.error(
                    row,
                    "expires",
                    _(
                        "Endorsement %(number)s cannot be put back in force with an expiry "
                        "date whose grace period is over."
                    )
                    % {"number": number},
                )
                return None
            changes.append(
                _("reinstated, valid until %(day)s") % {"day": out["expires"].isoformat()}
            )
        else:
            changes.append(_("recorded as %(status)s") % {"status": _status(wanted)})
    action = UPDATE if changes else UNCHANGED
    return Step(row, action, label, changes, {**out, "endorsement": found})


def _status(code: str) -> str:
    return str(Endorsement.Status(code).label)


def apply_endorsees(
    association, rows: list[dict], actor, import_id: int | None = None, progress=None
) -> Result:
    """Import `rows` in one transaction: the plan is made again inside it and applied only
    when no row is in error (ImportRefused otherwise, nothing saved)."""
    data = {"import": import_id} if import_id else {}
    reason = _("Imported (import %(id)s)") % {"id": import_id} if import_id else _("Imported")
    with transaction.atomic():
        plan = preview_endorsees(association, rows)
        if not plan.ok:
            raise ImportRefused(plan)
        creating = plan.by_action(CREATE)
        new_people = {}
        for step in creating:
            v = step.values
            if v["email"] and v["person"] is None:
                new_people.setdefault(v["email"], v["name"])
        people = create_unclaimed_people(
            list(new_people.items()), actor=actor, association=association, data=data
        )
        done = 0
        for start in range(0, len(creating), 5000):
            chunk = creating[start : start + 5000]
            grant_endorsements(
                [_grant(step.values, people, reason) for step in chunk],
                association=association,
                actor=actor,
                reason=reason,
                data=data,
            )
            done += len(chunk)
            if progress:
                progress(done)
        for step in plan.by_action(UPDATE):
            _update(step.values, actor, reason)
        return Result(
            created=len(creating),
            updated=len(plan.by_action(UPDATE)),
            unchanged=len(plan.by_action(UNCHANGED)),
        )


def _grant(v: dict, people: dict, reason: str) -> dict:
    return {
        "number": v["number"],
        "holder_name": v["name"],
        "category": v["category"],
        "granted": v["granted"],
        "expires": v["expires"],
        "holder": v["person"] or people.get(v["email"]),
        "county": v["county"],
        "state": v["state"],
        "status": v["status"],
        "reason": reason,
    }


def _update(v: dict, actor, reason: str) -> None:
    endorsement = v["endorsement"]
    if endorsement.holder_name != v["name"]:
        endorsement = credentials.correct_endorsement(
            endorsement=endorsement, holder_name=v["name"], actor=actor, reason=reason
        )
    wanted = v["status"]
    if wanted == endorsement.status:
        return
    if wanted == Endorsement.Status.ACTIVE:
        credentials.reinstate_endorsement(
            endorsement=endorsement, actor=actor, reason=reason, expires=v["expires"]
        )
    elif wanted == Endorsement.Status.LAPSED:
        credentials.lapse_endorsement(endorsement=endorsement, actor=actor, reason=reason)
    else:
        credentials.revoke_endorsement(endorsement=endorsement, actor=actor, reason=reason)
