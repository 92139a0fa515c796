"""core is infrastructure: it imports no domain app, so layers only point down (design.md).

Every module of `dyad.core` (its tests and migration history aside) is read as source: an import
of another `dyad` app, a relative import climbing out of core, or a model named by app label
("associations.Association") fails here. Domain apps reach core; core reaches them only through
settings (`DYAD_TENANT_MODEL`) and registries (`register_event_text`).
"""

import ast
import re
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
DOMAIN_LABELS = (
    "accounts",
    "associations",
    "badges",
    "credentials",
    "portfolios",
    "standards",
    "web",
)
MODEL_REFERENCE = re.compile(rf"^({'|'.join(DOMAIN_LABELS)})\.[A-Z]\w*$")


def points_up(name: str) -> bool:
    other_app = name == "dyad" or (name.startswith("dyad.") and not name.startswith("dyad.core"))
    return other_app or bool(MODEL_REFERENCE.match(name))


def upward_references(source: str) -> list[str]:
    """The imports and model references of one module that point above core."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level >= 2:  # from .. import x: out of core into the dyad package
                found.append("." * node.level + (node.module or ""))
                continue
            names = [node.module or ""] if node.level == 0 else []
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if MODEL_REFERENCE.match(node.value) or node.value.startswith("dyad."):
                names = [node.value]
            else:
                continue
        else:
            continue
        found.extend(name for name in names if points_up(name))
    return found


def core_modules():
    for path in sorted(CORE.rglob("*.py")):
        parts = path.relative_to(CORE).parts
        if parts[0] in ("tests", "migrations"):
            continue
        yield path


def test_core_imports_no_domain_app():
    offenders = {
        str(path.relative_to(CORE)): refs
        for path in core_modules()
        if (refs := upward_references(path.read_text()))
    }
    assert offenders == {}


def test_the_check_reads_every_kind_of_upward_reference():
    source = """
import dyad.accounts.models
from dyad.associations import access
from ..credentials.models import Endorsement
def later():
    from dyad.web import views
tenant = models.ForeignKey("associations.Association", on_delete=models.PROTECT)
task = "dyad.portfolios.tasks.rebuild"
from dyad.core.errors import DyadError
from .models import Event
"""
    assert sorted(upward_references(source)) == [
        "..credentials.models",
        "associations.Association",
        "dyad.accounts.models",
        "dyad.associations",
        "dyad.portfolios.tasks.rebuild",
        "dyad.web",
    ]


def test_core_has_modules_to_check():
    names = {path.name for path in core_modules()}
    assert {"events.py", "mail.py", "models.py", "errors.py"} <= names
