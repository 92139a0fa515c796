"""Membership status from the association's membership system (docs/imports.md: membership).

A table of `email,expires`: each of the association's people (holders of its endorsements,
applicants to it) gets the membership entry of their portfolio for this association set to that
expiry date, through the portfolio services (`record_membership`, `change_membership`). Rows
for anyone else are left alone (the membership system knows members who never came to Dyad).

Two functions, usable without a file (the API calls them for bulk updates):
`preview_membership(association, rows)` -> Plan (saves nothing) and
`apply_membership(association, plan_or_rows, actor)` -> Result (one transaction; the plan is
made again inside it and applied only without errors, else `ImportRefused`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from dyad.core.events import record_event
from dyad.portfolios import services as portfolio_services
from dyad.portfolios.models import Membership

from . import values
from .people import association_people
from .plans import CREATE, UNCHANGED, UPDATE, ImportRefused, Plan, Result, Step

COLUMNS = ("email", "expires")
REQUIRED = COLUMNS


def preview_membership(association, rows: list[dict]) -> Plan:
    """What setting each row's membership expiry would do; saves nothing. `rows` are dicts with
    `email` and `expires` (text YYYY-MM-DD or a date), optionally `_row` (else their position,
    counted from 1)."""
    plan = Plan(kind="membership", total=len(rows), source=list(rows))
    checked = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(rows, start=1):
        row = raw.get("_row", i)
        out = {"row": row}
        try:
            out["email"] = values.an_email(str(raw.get("email") or "").strip(), required=True)
        except values.CellError as exc:
            plan.error(row, "email", str(exc))
            continue
        expires = raw.get("expires")
        try:
            out["expires"] = (
                expires if hasattr(expires, "isoformat") else values.a_date(str(expires or ""))
            )
        except values.CellError as exc:
            plan.error(row, "expires", str(exc))
            continue
        earlier = seen.setdefault(out["email"], row)
        if earlier != row:
            plan.error(
                row,
                "email",
                _("%(email)s is also on row %(row)s: each person once.")
                % {"email": out["email"], "row": earlier},
            )
            continue
        checked.append(out)
    people = association_people(association, [r["email"] for r in checked])
    entries = _entries(association, [p.pk for p in people.values()])
    for out in checked:
        person = people.get(out["email"])
        if person is None:
            plan.steps.append(
                Step(
                    out["row"],
                    UNCHANGED,
                    out["email"],
                    [_("not one of the association's people in Dyad: left alone")],
                )
            )
            continue
        entry = entries.get(person.pk)
        label = f"{person.name} · {out['email']}"
        expires = out["expires"].isoformat()
        if entry is None:
            step = Step(out["row"], CREATE, label, [_("member until %(day)s") % {"day": expires}])
        elif entry.expires != out["expires"]:
            step = Step(
                out["row"],
                UPDATE,
                label,
                [
                    _("member until %(day)s (was %(before)s)")
                    % {"day": expires, "before": entry.expires.isoformat()}
                ],
            )
        else:
            step = Step(out["row"], UNCHANGED, label)
        step.values = {**out, "person": person, "entry": entry}
        plan.steps.append(step)
    return plan


def _entries(association, owner_ids: list[int]) -> dict[int, Membership]:
    """Each person's membership entry for this association (the latest expiry)."""
    found: dict[int, Membership] = {}
    for start in range(0, len(owner_ids), 500):
        rows = Membership.objects.filter(
            owner_id__in=owner_ids[start : start + 500],
            association_name__iexact=association.name,
        ).order_by("owner_id", "-expires", "-id")
        for entry in rows:
            found.setdefault(entry.owner_id, entry)
    return found


def apply_membership(
    association,
    plan_or_rows: Plan | list[dict],
    actor,
    import_id: int | None = None,
    via: str = "",
) -> Result:
    """Set the membership entries of `plan_or_rows` in one transaction; `ImportRefused` (with
    the plan) and nothing saved when any row is in error. Running it twice changes nothing the
    second time."""
    rows = plan_or_rows.source if isinstance(plan_or_rows, Plan) else plan_or_rows
    with transaction.atomic():
        plan = preview_membership(association, rows)
        if not plan.ok:
            raise ImportRefused(plan)
        for step in plan.by_action(CREATE):
            v = step.values
            entry = portfolio_services.record_membership(
                owner=v["person"], association_name=association.name, expires=v["expires"]
            )
            _recorded(association, entry, v["person"], actor, import_id, "import.created", via)
        for step in plan.by_action(UPDATE):
            v = step.values
            portfolio_services.change_membership(membership=v["entry"], expires=v["expires"])
            _recorded(association, v["entry"], v["person"], actor, import_id, "import.updated", via)
        counts = plan.counts()
        return Result(counts["created"], counts["updated"], counts["unchanged"])


def _recorded(association, entry, person, actor, import_id, verb, via="") -> None:
    """The event naming the import (or `via`, what made the change without a file: an API key)
    on the entry it created or changed (the portfolio service recorded its own
    `portfolio.membership.added` or `changed`)."""
    data = {"import": import_id, "owner": person.pk}
    if via:
        data["via"] = via
    record_event(subject=entry, verb=verb, actor=actor, association=association, data=data)
