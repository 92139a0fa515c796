"""The psychometrics of one exam form, from the database, computed by `stats.compute`: the same
code as `dyad exam stats` (docs/exam-stats.md), on the same rows the command would read.

Rows: every submitted sitting of the form is a candidate (`s<sitting id>`); each mc item gives
1 when the chosen option is the key, else 0 (no answer is 0); each written item gives the first
and second scorers' scores (in that order) once both are in. A blank written response has no
scorers and so no rows: its candidate is left out of alpha. The third scorer's reconciliation is
not part of agreement, kappa or severity, which compare the two independent scores.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from dyad.accounts.models import User
from dyad.core.spreadsheets import safe_cell

from .models import Answer, ExamForm, Item, ScoringAssignment, Sitting
from .scoring_services import FIRST, SECOND

if TYPE_CHECKING:  # NumPy and SciPy load with the first statistics asked, not at start-up
    from . import stats

DONE = (Sitting.State.SUBMITTED, Sitting.State.SCORED)


@dataclass
class FormStats:
    form: ExamForm
    candidates: int
    result: dict
    items: list[dict] = field(default_factory=list)
    written: list[dict] = field(default_factory=list)
    scorers: list[dict] = field(default_factory=list)


def form_rows(form: ExamForm) -> tuple[list[stats.Row], dict]:
    """The stats rows of the form's submitted sittings, and what the page needs beside them
    (items by key, options chosen, scorer names, counts). Six queries whatever the size."""
    from . import stats

    items = list(Item.objects.filter(form=form).order_by("position", "id"))
    sittings = list(
        Sitting.objects.filter(window__form=form, state__in=DONE)
        .order_by("id")
        .values_list("id", flat=True)
    )
    choices = {
        (a["sitting_id"], a["item_id"]): a["choice"]
        for a in Answer.objects.filter(sitting__in=sittings, item__kind=Item.Kind.MC).values(
            "sitting_id", "item_id", "choice"
        )
    }
    rows: list[stats.Row] = []
    chosen: dict[int, dict] = {}
    mc = [i for i in items if i.kind == Item.Kind.MC]
    for item in mc:
        counts = [0] * len(item.options)
        none = 0
        for s in sittings:
            choice = choices.get((s, item.pk))
            if choice is None or choice >= len(counts):
                none += 1
            else:
                counts[choice] += 1
            score = 1 if choice is not None and choice == item.correct else 0
            rows.append(stats.Row(f"s{s}", item.key, "mc", "", score, 1))
        chosen[item.pk] = {"counts": counts, "none": none}
    pairs: dict[tuple[int, int], dict[str, tuple[int, int]]] = {}
    for a in (
        ScoringAssignment.objects.filter(
            answer__sitting__in=sittings, role__in=[FIRST, SECOND], score__isnull=False
        )
        .values("answer__sitting_id", "answer__item_id", "role", "scorer_id", "score")
        .order_by("answer__sitting_id", "answer__item_id")
    ):
        key = (a["answer__sitting_id"], a["answer__item_id"])
        pairs.setdefault(key, {})[a["role"]] = (a["scorer_id"], a["score"])
    by_id = {i.pk: i for i in items}
    scorer_ids: set[int] = set()
    for (sitting_id, item_id), scored in sorted(pairs.items()):
        if FIRST not in scored or SECOND not in scored:
            continue
        item = by_id[item_id]
        for role in (FIRST, SECOND):
            scorer_id, score = scored[role]
            scorer_ids.add(scorer_id)
            rows.append(
                stats.Row(
                    f"s{sitting_id}", item.key, "written", str(scorer_id), score, item.max_score
                )
            )
    names = {str(u.pk): u.name for u in User.objects.filter(pk__in=scorer_ids)}
    return rows, {"items": items, "chosen": chosen, "names": names, "candidates": len(sittings)}


def form_stats(form: ExamForm) -> FormStats:
    from . import stats

    rows, extra = form_rows(form)
    result = stats.compute(rows)
    by_key = {i.key: i for i in extra["items"]}
    found = FormStats(form, extra["candidates"], result)
    responses: dict[str, int] = {}
    for row in rows:
        if row.kind == "written":
            responses[row.item] = responses.get(row.item, 0) + 1
    for entry in result["items"]:
        item = by_key[entry["item"]]
        chosen = extra["chosen"][item.pk]
        options = [
            {"text": text, "count": chosen["counts"][n], "correct": n == item.correct}
            for n, text in enumerate(item.options)
        ]
        found.items.append({**entry, "stem": item.stem, "options": options, "none": chosen["none"]})
    for entry in result["written"]:
        item = by_key[entry["item"]]
        found.written.append(
            {
                **entry,
                "stem": item.stem,
                "max_score": item.max_score,
                "responses": responses.get(entry["item"], 0) // 2,
            }
        )
    counts: dict[str, int] = {}
    for row in rows:
        if row.kind == "written":
            counts[row.scorer] = counts.get(row.scorer, 0) + 1
    for entry in result["scorers"]:
        found.scorers.append(
            {
                **entry,
                "name": extra["names"].get(entry["scorer"], "?"),
                "responses": counts.get(entry["scorer"], 0),
            }
        )
    return found


def forms_with_counts(association) -> list[ExamForm]:
    """The association's forms, each with how many sittings were submitted (one query)."""
    return list(
        ExamForm.objects.filter(association=association)
        .annotate(
            submitted=Count(
                "windows__sittings",
                filter=Q(windows__sittings__state__in=DONE),
                distinct=True,
            )
        )
        .order_by("category", "title", "-version")
    )


# -- CSV ---------------------------------------------------------------------------------------

CSV_HEADER = (
    "section",
    "name",
    "difficulty",
    "discrimination",
    "exact_agreement",
    "adjacent_agreement",
    "qwk",
    "severity",
    "alpha",
    "kr20",
    "responses",
)


def stats_csv(found: FormStats) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    empty = [None] * len(CSV_HEADER)

    def row(**values) -> None:
        cells = list(empty)
        for name, value in values.items():
            cells[CSV_HEADER.index(name)] = value
        writer.writerow([safe_cell(c) for c in cells])

    for i in found.items:
        row(
            section="mc",
            name=i["item"],
            difficulty=i["difficulty"],
            discrimination=i["discrimination"],
            responses=found.candidates,
        )
    for w in found.written:
        row(
            section="written",
            name=w["item"],
            exact_agreement=w["exact_agreement"],
            adjacent_agreement=w["adjacent_agreement"],
            qwk=w["qwk"],
            responses=w["responses"],
        )
    for s in found.scorers:
        row(section="scorer", name=s["name"], severity=s["severity"], responses=s["responses"])
    rel = found.result["reliability"]
    row(
        section="form",
        name=found.form.title,
        alpha=rel["alpha"],
        kr20=rel["kr20"],
        responses=found.candidates,
    )
    return out.getvalue()


# -- the chart ---------------------------------------------------------------------------------

CHART_WIDTH = 400
HALF = 90  # the length of a bar at 1 (difficulty) or ±1 (discrimination)
DIFF_X = 0
DISC_AXIS = 300  # discrimination bars grow left (negative) or right (positive) from here
ROW = 40
TOP = 30


@dataclass(frozen=True)
class ChartRow:
    name: str
    label_y: int
    bar_y: int
    difficulty_width: float
    disc_x: float
    disc_width: float
    negative: bool
    has_discrimination: bool


@dataclass(frozen=True)
class ItemChart:
    rows: tuple[ChartRow, ...]
    width: int
    height: int
    axis_x: int
    half: int
    bar_height: int = 14


def item_chart(items: list[dict]) -> ItemChart:
    """Per mc item: its difficulty as a bar from 0 to 1 on the left, its discrimination as a bar
    from an axis (left when negative) on the right."""
    rows = []
    for n, i in enumerate(items):
        top = TOP + n * ROW
        d = i["discrimination"]
        width = round(abs(d or 0) * HALF, 1)
        rows.append(
            ChartRow(
                name=i["item"],
                label_y=top + 12,
                bar_y=top + 16,
                difficulty_width=round((i["difficulty"] or 0) * HALF * 2, 1),
                disc_x=DISC_AXIS - width if (d or 0) < 0 else DISC_AXIS,
                disc_width=width,
                negative=(d or 0) < 0,
                has_discrimination=d is not None,
            )
        )
    return ItemChart(
        rows=tuple(rows),
        width=CHART_WIDTH,
        height=TOP + len(rows) * ROW + 8,
        axis_x=DISC_AXIS,
        half=HALF,
    )
