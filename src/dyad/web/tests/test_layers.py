"""Layers point down (design.md): each app imports only the apps below it.

core and standards at the bottom import no other app (core's own test reads model labels too);
web at the top may import any; nothing imports web. Tests and migrations are left out: tests use
the shared factories, and migrations are history.
"""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
#: what the applications and everything built on them stand on
PIPELINE_BASE = (
    "core",
    "standards",
    "accounts",
    "associations",
    "rulesets",
    "credentials",
    "portfolios",
)
#: Each app and the apps it may import, bottom first.
BELOW = {
    "core": set(),
    "standards": set(),
    "accounts": {"core"},
    "associations": {"core", "accounts"},
    "rulesets": {"core", "standards", "accounts", "associations"},
    "credentials": {"core", "standards", "accounts", "associations"},
    "portfolios": {"core", "standards", "accounts", "associations", "credentials"},
    "applications": {*PIPELINE_BASE},
    "badges": {"core", "standards", "accounts", "associations", "credentials", "portfolios"},
    "exams": {*PIPELINE_BASE, "applications"},
    "renewals": {*PIPELINE_BASE, "applications", "badges"},
    "imports": {*PIPELINE_BASE, "applications"},
    "reports": {*PIPELINE_BASE, "applications", "badges", "exams", "renewals"},
    "api": {*PIPELINE_BASE, "applications", "badges", "exams", "renewals", "imports"},
}
#: web sits on top: it may import every app, and no app imports it
BELOW["web"] = set(BELOW)


def imported_apps(path: Path) -> set[str]:
    apps = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        apps.update(name.split(".")[1] for name in names if name.startswith("dyad."))
    return apps


def test_every_app_imports_only_the_apps_below_it():
    upward = {}
    for app, allowed in BELOW.items():
        for path in sorted((SRC / app).rglob("*.py")):
            if {"tests", "migrations"} & set(path.relative_to(SRC / app).parts):
                continue
            wrong = imported_apps(path) & (set(BELOW) - allowed - {app})
            if wrong:
                upward[str(path.relative_to(SRC))] = sorted(wrong)
    assert upward == {}


def test_every_app_has_its_place_in_the_layers():
    apps = {p.parent.name for p in SRC.glob("*/apps.py")}
    assert apps <= set(BELOW), f"place {sorted(apps - set(BELOW))} in BELOW"
