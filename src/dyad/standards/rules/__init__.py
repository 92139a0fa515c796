"""One function per rule kind of docs/rules.md; each returns a Finding.

Every rule is called as `rule(ctx, params)` where `ctx` is the evaluation context (portfolio, as_of,
requirement set, category) and `params` the rule's parameters from the requirement set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..findings import Finding
from .context import Context
from .experience import education, leadership, work
from .records import agreements, endorsement, exam, membership, references, training
from .rsc import rsc_received

Rule = Callable[[Context, Mapping[str, Any]], Finding]

RULES: dict[str, Rule] = {
    "education": education,
    "work": work,
    "leadership": leadership,
    "training": training,
    "rsc_received": rsc_received,
    "references": references,
    "exam": exam,
    "agreements": agreements,
    "membership": membership,
    "endorsement": endorsement,
}

__all__ = ["RULES", "Context", "Rule"]
