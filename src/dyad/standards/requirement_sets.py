"""Requirement sets: versioned data files, never code (docs/rules.md).

A set is a JSON file under `sets/` (or any path) validated against
`schemas/requirement-set.schema.json` when it is loaded. An association's variant either copies a
whole set or `extends` one and `overrides` only rule parameters (hours, months, provider
categories, windows, the grace period).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import codes

SETS_DIR = Path(__file__).parent / "sets"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "requirement-set.schema.json"
BASELINES: dict[str, str] = {"IMH-E": "imh-e-baseline", "ECMH-E": "ecmh-e-baseline"}
RULE_ORDER: tuple[str, ...] = (
    "endorsement",
    "education",
    "work",
    "leadership",
    "training",
    "rsc_received",
    "references",
    "exam",
    "agreements",
    "membership",
)


class RequirementSetError(ValueError):
    """A requirement set that cannot be used; the message names the set and the problem."""


@dataclass(frozen=True, slots=True)
class Scope:
    """Which children a work entry must serve to count (docs/rules.md, Scope)."""

    prenatal: bool
    min_months: int
    max_months: int


@dataclass(frozen=True, slots=True)
class RuleSpec:
    rule: str
    params: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class CategorySpec:
    code: str
    name: str
    exam: bool
    equivalent: str | None
    application: tuple[RuleSpec, ...]
    renewal: tuple[RuleSpec, ...]

    def rules(self, renewal: bool) -> tuple[RuleSpec, ...]:
        return self.renewal if renewal else self.application


@dataclass(frozen=True, slots=True)
class RequirementSet:
    id: str
    version: int
    standard: str
    title: str
    scope: Scope
    categories: Mapping[str, CategorySpec]

    def category(self, code: str) -> CategorySpec:
        try:
            return self.categories[code]
        except KeyError:
            known = ", ".join(self.categories)
            raise RequirementSetError(
                f"requirement set {self.id} has no category {code!r} (it has {known})"
            ) from None


@cache
def _validator() -> Any:
    import jsonschema  # type: ignore[import-untyped]  # lazily: the hot path never needs it

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema_errors(document: Any) -> Any:
    """Every refusal of the requirement-set JSON Schema, as jsonschema's errors (an editor
    shows them next to its fields; `_read` stops at the first)."""
    return _validator().iter_errors(document)


def _read(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RequirementSetError(f"cannot read requirement set {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RequirementSetError(f"requirement set {path} is not valid JSON: {exc}") from None
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/" + "/".join(str(p) for p in first.absolute_path)
        raise RequirementSetError(f"requirement set {path.name}: {where}: {first.message}")
    result: dict[str, Any] = document
    return result


def available_sets() -> list[str]:
    return sorted(p.stem for p in SETS_DIR.glob("*.json"))


def load_requirement_set(reference: str) -> RequirementSet:
    """Load a set by id (a file in `sets/`) or by path to a JSON file."""
    path = Path(reference)
    if path.suffix == ".json" and path.exists():
        return _load_path(path.resolve())
    if "/" not in reference and (SETS_DIR / f"{reference}.json").exists():
        return _load_path(SETS_DIR / f"{reference}.json")
    known = ", ".join(available_sets())
    raise RequirementSetError(f"no requirement set {reference!r} (known: {known})")


def baseline_for(category: str) -> RequirementSet:
    try:
        standard = codes.standard_of(category)
    except KeyError:
        raise RequirementSetError(
            f"unknown category {category!r}; use one of {', '.join(codes.CATEGORIES)}"
        ) from None
    return load_requirement_set(BASELINES[standard])


@cache
def _load_path(path: Path) -> RequirementSet:
    return build_requirement_set(_read(path), path.name)


def build_requirement_set(document: dict[str, Any], name: str = "set") -> RequirementSet:
    """Turn a validated document into a RequirementSet, resolving `extends`/`overrides`."""
    if "extends" in document:
        base = load_requirement_set(document["extends"])
        merged = _apply_overrides(base, document["overrides"], name)
        return RequirementSet(
            id=document["id"],
            version=document["version"],
            standard=base.standard,
            title=document["title"],
            scope=base.scope,
            categories=MappingProxyType(merged),
        )
    standard = document["standard"]
    allowed = codes.IMH_E_CATEGORIES if standard == "IMH-E" else codes.ECMH_E_CATEGORIES
    scope = Scope(**document["scope"])
    if scope.max_months < scope.min_months:
        raise RequirementSetError(f"{name}: /scope/max_months is below /scope/min_months")
    categories: dict[str, CategorySpec] = {}
    for code, raw in document["categories"].items():
        if code not in allowed:
            raise RequirementSetError(f"{name}: /categories/{code} is not a {standard} category")
        categories[code] = CategorySpec(
            code=code,
            name=raw["name"],
            exam=raw.get("exam", False),
            equivalent=raw.get("equivalent"),
            application=_rules(raw["application"], f"{name}: /categories/{code}/application"),
            renewal=_rules(raw["renewal"], f"{name}: /categories/{code}/renewal"),
        )
    return RequirementSet(
        id=document["id"],
        version=document["version"],
        standard=standard,
        title=document["title"],
        scope=scope,
        categories=MappingProxyType(categories),
    )


def _rules(raw: list[dict[str, Any]], where: str) -> tuple[RuleSpec, ...]:
    seen: set[str] = set()
    specs = []
    for item in raw:
        rule = item["rule"]
        if rule in seen:
            raise RequirementSetError(f"{where}: rule {rule!r} appears twice")
        seen.add(rule)
        params = {k: v for k, v in item.items() if k != "rule"}
        specs.append(RuleSpec(rule, MappingProxyType(params)))
    specs.sort(key=lambda s: RULE_ORDER.index(s.rule))
    return tuple(specs)


def _apply_overrides(
    base: RequirementSet, overrides: dict[str, Any], name: str
) -> dict[str, CategorySpec]:
    merged = dict(base.categories)
    for code, modes in overrides.items():
        spec = base.category(code)
        changed: dict[str, tuple[RuleSpec, ...]] = {}
        for mode in ("application", "renewal"):
            replacements = modes.get(mode, {})
            rules = []
            known = {r.rule for r in spec.rules(mode == "renewal")}
            for rule_id in replacements:
                if rule_id not in known:
                    raise RequirementSetError(
                        f"{name}: /overrides/{code}/{mode}/{rule_id}: {code} has no such rule"
                    )
            for r in spec.rules(mode == "renewal"):
                params = copy.deepcopy(dict(r.params))
                params.update(replacements.get(r.rule, {}))
                rules.append({"rule": r.rule, **params})
            # Re-validate the merged rules through the schema's rule definitions.
            where = f"{name}: /overrides/{code}/{mode}"
            _validate_rules(rules, where)
            changed[mode] = _rules(rules, where)
        merged[code] = CategorySpec(
            code=spec.code,
            name=spec.name,
            exam=spec.exam,
            equivalent=spec.equivalent,
            application=changed["application"],
            renewal=changed["renewal"],
        )
    return merged


def _validate_rules(rules: list[dict[str, Any]], where: str) -> None:
    import jsonschema

    defs = _validator().schema["$defs"]
    check = jsonschema.Draft202012Validator({"$defs": defs, "$ref": "#/$defs/rule"})
    for i, rule in enumerate(rules):
        for error in check.iter_errors(rule):
            raise RequirementSetError(f"{where}/{rules[i]['rule']}: {error.message}")
