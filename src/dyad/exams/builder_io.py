"""An exam form as a JSON file (`dyad-exam-form/1`, docs/exam-form.md): export, and import as a
new draft form.

Reading checks the JSON Schema (`schemas/exam-form.schema.json`, the same file as
docs/exam-form.schema.json) first, then what a schema cannot say (keys used twice, a written
question naming a vignette the file lacks, a correct option past the last one), and builds the
form through `builder_services` in one transaction: on any problem nothing is saved, and the
error lists at most 20 problems by JSON pointer.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dyad.core.events import record_event

from . import builder_services
from .builder_services import ExamError
from .models import ExamForm, Item

FORMAT = "dyad-exam-form/1"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "exam-form.schema.json"
MAX_PROBLEMS = 20


class FormFileError(ExamError):
    """A form file that cannot be imported; `problems` lists why, one line each."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message, "file")
        self.problems = problems or []


@functools.cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@functools.cache
def _validator():
    import jsonschema  # type: ignore[import-untyped]

    return jsonschema.Draft202012Validator(schema())


def export_form(form: ExamForm) -> dict[str, Any]:
    """The form as a `dyad-exam-form/1` document (answer key included: staff only)."""
    vignettes = list(form.vignettes.all())
    keys = {v.pk: f"v{n}" for n, v in enumerate(vignettes, start=1)}
    items = []
    for item in form.items.all():
        row: dict[str, Any] = {"key": item.key, "kind": item.kind, "stem": item.stem}
        if item.kind == Item.Kind.MC:
            row.update(options=list(item.options), correct=item.correct)
        else:
            row.update(
                vignette=keys[item.vignette_id], rubric=item.rubric, max_score=item.max_score
            )
        row["areas"] = list(item.areas)
        items.append(row)
    return {
        "format": FORMAT,
        "category": form.category,
        "requirement_set": form.requirement_set,
        "requirement_set_version": form.requirement_set_version,
        "title": form.title,
        "version": form.version,
        "instructions": form.instructions,
        "minutes": form.minutes,
        "tolerance": form.tolerance,
        "final_rule": form.final_rule,
        "pass_rules": dict(form.pass_rules),
        "vignettes": [{"key": keys[v.pk], "title": v.title, "case": v.case} for v in vignettes],
        "items": items,
    }


def _pointer(path) -> str:
    return "/" + "/".join(str(p) for p in path) if path else "/"


def read_form_file(data: bytes) -> dict[str, Any]:
    """The document, or `FormFileError` with every problem found (at most 20 listed)."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormFileError(
            _("This file is not JSON: %(error)s") % {"error": str(exc)[:200]}
        ) from exc
    problems = []
    for error in sorted(_validator().iter_errors(document), key=lambda e: list(e.path)):
        if error.validator == "oneOf" and isinstance(error.instance, dict):
            kind = error.instance.get("kind")
            branch = {"mc": 0, "written": 1}.get(kind)
            if branch is None:
                problems.append(f"{_pointer(error.path)}/kind: " + _("must be mc or written"))
                continue
            for sub in error.context or []:
                if sub.relative_schema_path[0] == branch:
                    problems.append(f"{_pointer(list(error.path) + list(sub.path))}: {sub.message}")
            continue
        problems.append(f"{_pointer(error.path)}: {error.message}")
    if not problems:
        problems = _cross_checks(document)
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(_("…and %(n)s more.") % {"n": len(problems) - MAX_PROBLEMS})
        raise FormFileError(_("This file is not a valid exam form."), shown)
    return document


def _cross_checks(document: dict[str, Any]) -> list[str]:
    problems = []
    vignette_keys = set()
    for n, vignette in enumerate(document.get("vignettes", [])):
        if vignette["key"] in vignette_keys:
            problems.append(f"/vignettes/{n}/key: " + _("used twice"))
        vignette_keys.add(vignette["key"])
    item_keys = set()
    for n, item in enumerate(document["items"]):
        if item["key"] in item_keys:
            problems.append(f"/items/{n}/key: " + _("used twice"))
        item_keys.add(item["key"])
        if item["kind"] == "mc" and item["correct"] >= len(item["options"]):
            problems.append(f"/items/{n}/correct: " + _("names no option"))
        if item["kind"] == "written" and item["vignette"] not in vignette_keys:
            problems.append(f"/items/{n}/vignette: " + _("names no vignette of the file"))
    return problems


def import_form(*, association, actor, data: bytes) -> ExamForm:
    """A new draft form (a new lineage, version 1) of `association` from a form file."""
    document = read_form_file(data)
    settings = {name: document[name] for name in builder_services.FORM_FIELDS if name in document}
    try:
        with transaction.atomic():
            form = builder_services.create_form(
                association=association, actor=actor, category=document["category"], **settings
            )
            vignettes = {}
            for row in document.get("vignettes", []):
                vignettes[row["key"]] = builder_services.save_vignette(
                    form=form, actor=actor, title=row["title"], case=row["case"]
                )
            for n, row in enumerate(document["items"]):
                values = dict(row, position=n + 1, areas=row.get("areas", []))
                if row["kind"] == "written":
                    values["vignette"] = vignettes[row["vignette"]]
                try:
                    builder_services.save_item(form=form, actor=actor, **values)
                except ExamError as exc:
                    raise FormFileError(
                        _("This file is not a valid exam form."),
                        [f"/items/{n}/{exc.field or ''}: {exc.message}"],
                    ) from exc
            record_event(
                subject=form,
                verb="exam_form.imported",
                actor=actor,
                data={"items": len(document["items"])},
            )
    except FormFileError:
        raise
    except ExamError as exc:
        raise FormFileError(
            _("This file is not a valid exam form."), [f"/{exc.field or ''}: {exc.message}"]
        ) from exc
    return form
