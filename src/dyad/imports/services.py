"""An import's life: upload -> dry run -> confirm -> done (docs/imports.md).

`start_import` reads the file by its content (a file that is not what it should be is refused
with a message and leaves nothing), keeps it on a new `Import` and makes the dry run: inline
for a small file, in the worker for a big one (`BIG` rows or more), the page polling meanwhile.
The dry run saves nothing. `confirm_import` applies it, once (a second confirm, a double click,
changes nothing): again inline or in the worker. The apply makes the plan again inside its one
transaction and saves nothing at all if any row is then in error. The file is dropped once the
import is done, refused or cancelled; its SHA-256 stays, with the counts, in the history.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dyad.associations.tenancy import run_in_scope
from dyad.core.errors import DyadError
from dyad.core.events import record_event

from . import endorsees, membership, portfolio_files
from .models import Import
from .plans import ImportRefused, Plan, Result
from .reading import ImportFileError, ignored_columns, read_table

Kind = Import.Kind
State = Import.State


class ImportStateError(DyadError):
    """An import that cannot move as asked; the message names its state."""


@dataclass(frozen=True)
class Handler:
    read: Callable[[bytes], list[dict]]
    preview: Callable[..., Plan]
    apply: Callable[..., Result]
    columns: tuple[str, ...] = ()


def _apply_membership(association, rows, actor, import_id=None, progress=None) -> Result:
    return membership.apply_membership(association, rows, actor, import_id=import_id)


HANDLERS = {
    Kind.ENDORSEES: Handler(
        lambda data: read_table(data, endorsees.COLUMNS, endorsees.REQUIRED),
        endorsees.preview_endorsees,
        endorsees.apply_endorsees,
        endorsees.COLUMNS,
    ),
    Kind.MEMBERSHIP: Handler(
        lambda data: read_table(data, membership.COLUMNS, membership.REQUIRED),
        membership.preview_membership,
        _apply_membership,
        membership.COLUMNS,
    ),
    Kind.PORTFOLIOS: Handler(
        portfolio_files.read_zip,
        portfolio_files.preview_portfolios,
        portfolio_files.apply_portfolios,
    ),
}


def big() -> int:
    """From this many rows an import runs in the worker (DYAD_IMPORT_WORKER_ROWS)."""
    return int(getattr(settings, "DYAD_IMPORT_WORKER_ROWS", 2000))


def read_rows(kind: str, data: bytes) -> list[dict]:
    """The file's rows (ImportFileError when it is not a file of this kind)."""
    return HANDLERS[kind].read(data)


def start_import(
    *, association, actor, kind: str, file_name: str, data: bytes, worker: bool | None = None
) -> Import:
    """Check the file and make its dry run: now, or queued for the worker when it is big
    (`worker` decides instead when given: the command line never queues)."""
    with run_in_scope(association):
        return _start(association, actor, kind, file_name, data, worker)


def _start(association, actor, kind: str, file_name: str, data: bytes, worker) -> Import:
    if kind not in HANDLERS:
        raise ImportFileError(_("Choose what the file holds."), field="kind")
    rows = read_rows(kind, data)
    with transaction.atomic():
        imp = Import.objects.create(
            association=association,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            kind=kind,
            file_name=_safe_name(file_name),
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            data=data,
            total=len(rows),
        )
        record_event(
            subject=imp,
            verb="import.uploaded",
            actor=actor,
            data={"import": imp.pk, "kind": kind, "rows": len(rows)},
        )
        if worker is None:
            worker = len(rows) >= big()
        if worker:
            from .tasks import check_import_task

            transaction.on_commit(
                lambda: check_import_task.enqueue(imp.pk, association_id=association.pk)
            )
    if not worker:
        check_import(imp.pk, rows)
        imp.refresh_from_db()
    return imp


def _safe_name(name: str) -> str:
    """The file's own name, without any folder, for the history (never used as a path)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(c for c in name if c.isprintable())[:200] or "upload"


def check_import(import_id: int, rows: list[dict] | None = None) -> Import:
    """Make the dry run of an import being checked: its report, counts and state (previewed,
    or refused when a row is in error). Saves nothing else."""
    imp = Import.objects.select_related("association").get(pk=import_id)
    if imp.state != State.CHECKING:
        return imp
    handler = HANDLERS[imp.kind]
    try:
        rows = rows if rows is not None else handler.read(bytes(imp.data))
        plan = handler.preview(imp.association, rows)
    except DyadError as exc:
        return _finish(imp, State.FAILED, message=exc.message)
    report = plan.report()
    if handler.columns:
        extra = ignored_columns(bytes(imp.data), handler.columns)
        if extra:
            report["ignored"] = extra
    earlier = (
        Import.objects.filter(
            association=imp.association, sha256=imp.sha256, kind=imp.kind, state=State.DONE
        )
        .exclude(pk=imp.pk)
        .order_by("-finished_at")
        .first()
    )
    if earlier is not None:
        report["same_file"] = {"id": earlier.pk, "on": earlier.finished_at.isoformat()}
    imp.report = report
    imp.counts = plan.counts()
    imp.done = imp.total
    if plan.ok:
        imp.state = State.PREVIEWED
        imp.save(update_fields=["report", "counts", "done", "state"])
        return imp
    return _finish(imp, State.REFUSED)


def confirm_import(*, imp: Import, actor, worker: bool | None = None) -> Import:
    """Apply a previewed import: now when small, else in the worker (`worker` decides instead
    when given). A second confirm of the same import (a double click, a retried request)
    changes nothing."""
    with run_in_scope(imp.association_id):
        return _confirm(imp, actor, worker)


def _confirm(imp: Import, actor, worker) -> Import:
    with transaction.atomic():
        locked = Import.objects.select_for_update().get(pk=imp.pk)
        if locked.state != State.PREVIEWED:
            if locked.state in (State.RUNNING, State.DONE):
                return locked
            raise ImportStateError(
                _("This import is %(state)s: upload the file again.")
                % {"state": State(locked.state).label}
            )
        locked.state = State.RUNNING
        locked.done = 0
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["state", "done", "confirmed_at"])
        record_event(subject=locked, verb="import.confirmed", actor=actor, data={"import": imp.pk})
        if worker is None:
            worker = locked.total >= big()
        if worker:
            from .tasks import run_import_task

            transaction.on_commit(
                lambda: run_import_task.enqueue(locked.pk, association_id=locked.association_id)
            )
    if not worker:
        return run_import(locked.pk)
    return locked


def cancel_import(*, imp: Import, actor) -> Import:
    """Drop a dry run without saving anything (its file goes)."""
    with run_in_scope(imp.association_id), transaction.atomic():
        locked = Import.objects.select_for_update().get(pk=imp.pk)
        if locked.state not in (State.PREVIEWED, State.REFUSED):
            return locked
        locked.data = b""
        locked.state = State.CANCELLED
        locked.finished_at = timezone.now()
        locked.save(update_fields=["data", "state", "finished_at"])
        record_event(subject=locked, verb="import.cancelled", actor=actor, data={"import": imp.pk})
    return locked


def progress_key(import_id: int) -> str:
    return f"dyad-import-progress:{import_id}"


def run_import(import_id: int) -> Import:
    """Apply a confirmed import in one transaction: done, or refused / failed with nothing
    saved."""
    imp = Import.objects.select_related("association", "actor").get(pk=import_id)
    if imp.state != State.RUNNING:
        return imp
    handler = HANDLERS[imp.kind]

    def progress(done: int) -> None:
        # The rows are saved in one transaction, invisible until it commits: the count goes
        # to the shared cache, which the page polls (Redis in production).
        cache.set(progress_key(imp.pk), done, 3600)

    try:
        rows = handler.read(bytes(imp.data))
        result = handler.apply(imp.association, rows, imp.actor, imp.pk, progress)
    except ImportRefused as refused:
        imp.report = refused.plan.report()
        imp.counts = refused.plan.counts()
        return _finish(imp, State.REFUSED)
    except DyadError as exc:
        return _finish(imp, State.FAILED, message=exc.message)
    imp.counts = result.counts()
    imp.done = imp.total
    return _finish(imp, State.DONE)


def _finish(imp: Import, state: str, message: str = "") -> Import:
    with transaction.atomic():
        imp.state = state
        imp.message = message
        imp.data = b""
        imp.finished_at = timezone.now()
        imp.save()
        if state in (State.DONE, State.FAILED):
            record_event(
                subject=imp,
                verb=f"import.{state}",
                actor=imp.actor,
                reason=message,
                data={"import": imp.pk, **imp.counts},
            )
    cache.delete(progress_key(imp.pk))
    return imp
