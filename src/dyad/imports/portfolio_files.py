"""Portfolios in bulk: a ZIP of portfolio files (docs/portfolio-format.md), one person each
(docs/imports.md: portfolios).

Each member is a `dyad-portfolio/1` JSON file read by the one reader
(`portfolios.documents.import_document`). Its person is found by the email inside the file
(`person.email`), else by the member's file name (`ana@example.org.json`); the dry run says
which. Only the association's own people (holders of its endorsements, applicants to it) can
receive one. The archive is refused whole, before anything is unpacked, when it would unpack to
too much (a ZIP bomb); a member whose path climbs out (`../`), is absolute, or is not a JSON
file is an error naming it. Importing the same member for the same person again adds nothing:
its key is made from the association, the person and the member's SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from pathlib import PurePosixPath

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from dyad.accounts.bulk import normal_email
from dyad.core.events import record_event
from dyad.core.models import Event
from dyad.portfolios.documents import IMPORTED, import_document, read_document
from dyad.standards import PortfolioError as FileError
from dyad.standards.portfolio_file import MAX_BYTES as MEMBER_BYTES

from . import values
from .people import association_people
from .plans import CREATE, UNCHANGED, ImportRefused, Plan, Result, Step
from .reading import ZIP_MAGIC, ImportFileError, check_zip

#: the key namespace of portfolio imports (uuid5 of association, person and file digest)
KEYS = uuid.UUID("8f7f4a52-8f0e-4c84-9f8b-2e1d64a1c5d3")


def read_zip(data: bytes) -> list[dict]:
    """The archive's members as rows {"_row": position, "name": path, "data": bytes}, after
    the checks that refuse the whole archive (not a ZIP, a bomb, too many files)."""
    if not data.startswith(ZIP_MAGIC):
        raise ImportFileError(_("This file is not a ZIP archive."), field="file")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        check_zip(archive, len(data))
        rows = []
        for position, info in enumerate(archive.infolist(), start=1):
            if info.is_dir() or info.filename.startswith("__MACOSX/"):
                continue
            row = {"_row": position, "name": info.filename, "data": b""}
            if _safe(info.filename) and info.file_size <= MEMBER_BYTES:
                row["data"] = archive.read(info)
            row["size"] = info.file_size
            rows.append(row)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError):
        raise ImportFileError(_("The ZIP archive is damaged or encrypted."), field="file") from None
    if not rows:
        raise ImportFileError(_("The archive holds no file."), field="file")
    return rows


def _safe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return not (path.is_absolute() or ".." in path.parts or ":" in name)


def _key(association, person, data: bytes) -> uuid.UUID:
    digest = hashlib.sha256(data).hexdigest()
    return uuid.uuid5(KEYS, f"{association.pk}:{person.pk}:{digest}")


def preview_portfolios(association, members: list[dict]) -> Plan:
    plan = Plan(kind="portfolios", total=len(members), source=list(members))
    checked = []
    for member in members:
        row, name = member["_row"], member["name"]
        if not _safe(name):
            plan.error(row, name, _("The path leaves the archive's folder: refused."))
            continue
        if not name.lower().endswith(".json"):
            plan.error(row, name, _("Not a JSON portfolio file (.json): refused."))
            continue
        if member.get("size", len(member["data"])) > MEMBER_BYTES:
            plan.error(row, name, _("The file is larger than 5 MB."))
            continue
        try:
            portfolio = read_document(member["data"])
        except FileError as exc:
            lines = exc.lines(gettext)
            more = f" (+{len(lines) - 3})" if len(lines) > 3 else ""
            plan.error(row, name, "; ".join(lines[:3]) + more)
            continue
        email, source = normal_email(portfolio.email or ""), _("the email in the file")
        if not email:
            email, source = normal_email(PurePosixPath(name).stem), _("the file name")
            try:
                values.an_email(email, required=True)
            except values.CellError:
                plan.error(
                    row,
                    name,
                    _(
                        "The file gives no email (person.email) and its name is not an email "
                        "address: say whose portfolio it is in one of them."
                    ),
                )
                continue
        checked.append((member, email, source))
    people = association_people(association, [email for _m, email, _s in checked])
    done_before = _imported_before(
        [
            _key(association, people[email], member["data"])
            for member, email, _s in checked
            if email in people
        ]
    )
    seen: dict[int, int] = {}
    for member, email, source in checked:
        row, name = member["_row"], member["name"]
        person = people.get(email)
        if person is None:
            plan.error(
                row,
                name,
                _(
                    "%(email)s (from %(source)s) is not one of the association's people in Dyad: "
                    "import the endorsees first."
                )
                % {"email": email, "source": source},
            )
            continue
        earlier = seen.setdefault(person.pk, row)
        if earlier != row:
            plan.error(
                row, name, _("The same person as file %(row)s: one file each.") % {"row": earlier}
            )
            continue
        key = _key(association, person, member["data"])
        label = f"{person.name} · {name}"
        matched = _("matched by %(source)s: %(email)s") % {"source": source, "email": email}
        if str(key) in done_before:
            step = Step(row, UNCHANGED, label, [matched, _("already imported")])
        else:
            step = Step(row, CREATE, label, [matched])
        step.values = {"person": person, "key": key, "data": member["data"]}
        plan.steps.append(step)
    return plan


def _imported_before(keys: list[uuid.UUID]) -> set[str]:
    """Which of the files' keys were imported already (one query for the whole archive; a key
    names the association, the person and the file's content)."""
    if not keys:
        return set()
    # The person's own events belong to no association (portfolios.selectors).
    with scopes_disabled():
        return set(
            Event.objects.filter(
                association__isnull=True, verb=IMPORTED, data__key__in=[str(k) for k in keys]
            ).values_list("data__key", flat=True)
        )


def apply_portfolios(
    association, plan_or_members, actor, import_id: int | None = None, progress=None
) -> Result:
    members = plan_or_members.source if isinstance(plan_or_members, Plan) else plan_or_members
    with transaction.atomic():
        plan = preview_portfolios(association, members)
        if not plan.ok:
            raise ImportRefused(plan)
        for done, step in enumerate(plan.by_action(CREATE), start=1):
            v = step.values
            import_document(v["person"], v["data"], actor=None, key=v["key"])
            record_event(
                subject=v["person"],
                verb="import.created",
                actor=actor,
                association=association,
                data={"import": import_id, "owner": v["person"].pk, "portfolio": True},
            )
            if progress:
                progress(done)
        counts = plan.counts()
        return Result(counts["created"], counts["updated"], counts["unchanged"])
