"""The evaluation context shared by the rules of one assessment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..codes import LEVEL_RANK
from ..facts import Portfolio
from ..requirement_sets import CategorySpec, RequirementSet


@dataclass(slots=True)
class Context:
    portfolio: Portfolio
    as_of: date
    rset: RequirementSet
    category: CategorySpec
    renewal: bool = False
    _degree_dates: dict[str, date | None] = field(default_factory=dict)

    def first_degree(self, level: str) -> date | None:
        """Completion date of the person's first degree at `level` or higher, by `as_of`."""
        if level not in self._degree_dates:
            rank = LEVEL_RANK[level]
            dates = [
                e.completed
                for e in self.portfolio.education
                if LEVEL_RANK[e.level] >= rank and e.completed <= self.as_of
            ]
            self._degree_dates[level] = min(dates) if dates else None
        return self._degree_dates[level]
