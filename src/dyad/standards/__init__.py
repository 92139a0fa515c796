"""The standards: definitions, versioned requirement sets and the one eligibility engine.

Pure Python: nothing here imports Django or touches a database. Other apps turn their rows into
`facts.Portfolio` and call `evaluate`; nobody recomputes eligibility another way.
"""

from .engine import evaluate
from .facts import Portfolio
from .findings import Assessment, Finding
from .planning import Plan, plan
from .portfolio_file import PortfolioError, load_portfolio, load_portfolio_bytes
from .requirement_sets import RequirementSet, RequirementSetError, load_requirement_set

__all__ = [
    "Assessment",
    "Finding",
    "Plan",
    "Portfolio",
    "PortfolioError",
    "RequirementSet",
    "RequirementSetError",
    "evaluate",
    "load_portfolio",
    "load_portfolio_bytes",
    "load_requirement_set",
    "plan",
]
