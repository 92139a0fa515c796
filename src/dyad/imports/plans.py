"""What a dry run finds and what an import did, the same shape for every kind of import.

A `Plan` says, row by row, what would be created, updated or left alone, and every error with
its row and column in plain words. Nothing is saved while a plan is made; an import applies only
a plan without errors (`Plan.ok`). `Plan.report()` is what the dry run page shows (the first
rows of each action, the first errors) and what the `Import` keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
ACTIONS = (CREATE, UPDATE, UNCHANGED)
#: how many rows of each action, and how many errors, a report keeps for the page
SHOWN = 100


@dataclass(frozen=True)
class RowError:
    """One problem: the spreadsheet's row number (the header is row 1), the column's name (or
    "" for the whole row) and a sentence a coordinator can act on."""

    row: int
    column: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class Step:
    """What one row would do: its action, who or what it is about, and what changes."""

    row: int
    action: str
    label: str
    changes: list[str] = field(default_factory=list)
    #: the row's values read and checked, for applying (not shown, not kept)
    values: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "action": self.action,
            "label": self.label,
            "changes": self.changes,
        }


@dataclass
class Plan:
    kind: str
    steps: list[Step] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total: int = 0
    #: the rows the plan was made from: applying makes it again from them in its transaction
    source: list[dict] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ACTIONS, 0)
        for step in self.steps:
            counts[step.action] += 1
        return {
            "created": counts[CREATE],
            "updated": counts[UPDATE],
            "unchanged": counts[UNCHANGED],
            "errors": len(self.errors),
        }

    def by_action(self, action: str) -> list[Step]:
        return [step for step in self.steps if step.action == action]

    def report(self, shown: int = SHOWN) -> dict[str, Any]:
        """The plan as JSON for the page: at most `shown` rows of each action and errors."""
        return {
            "counts": self.counts(),
            "errors": [e.to_dict() for e in sorted(self.errors, key=_error_order)[:shown]],
            "steps": {a: [s.to_dict() for s in self.by_action(a)[:shown]] for a in ACTIONS},
            "notes": self.notes,
        }


def _error_order(error: RowError) -> tuple[int, str]:
    return (error.row, error.column)


@dataclass
class Result:
    """What an import saved: the same counts as its plan (nothing else happened)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": 0,
        }


class ImportRefused(Exception):
    """An import whose plan has errors: nothing was saved. Carries the plan to show."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(f"{len(plan.errors)} errors")
        self.plan = plan
