"""Requirement-set documents in the field's words: the values an editor may change (`KNOBS`),
reading and writing them, the JSON Schema's refusals as messages next to the field, and what
changed between two versions in plain words.

Everything here works on plain documents (dicts in the `dyad-requirement-set/1` format): no
rows, no requests.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dyad.standards import codes
from dyad.standards.requirement_sets import RequirementSet, build_requirement_set, schema_errors

APPLICATION, RENEWAL = "application", "renewal"
ROLES = ("rsc_provider", "rsc_recipient", "supervisor", "colleague", "other")
#: how many reference slots the editor offers ("one of the references must come from ...")
ROLE_SLOTS = 3
#: rules a portfolio cannot meet before applying: references and the exam come with an application
WITH_APPLICATION = frozenset({"references", "exam"})


@dataclass(frozen=True)
class Knob:
    """One value of a category's rule that an editor may change, in the field's words."""

    mode: str
    rule: str
    path: tuple[str | int, ...]
    kind: str  # "number", "integer", "optional_integer", "categories", "roles"
    label: Any  # lazy translated text: the form field's label
    short: Any  # lazy translated text: "RS/C hours", for the comparison's sentences
    help: Any = ""

    @property
    def name(self) -> str:
        return "__".join([self.mode, self.rule, *(str(p) for p in self.path)])


def _roles_knob(slot: int) -> Knob:
    return Knob(
        APPLICATION,
        "references",
        ("roles", slot),
        "roles",
        gettext_lazy("Reference %(n)s must come from") % {"n": slot + 1},
        gettext_lazy("roles that may give reference %(n)s") % {"n": slot + 1},
        gettext_lazy("Leave every box empty when any rater will do."),
    )


KNOBS: tuple[Knob, ...] = (
    Knob(
        APPLICATION,
        "education",
        ("or_experience", "months"),
        "number",
        gettext_lazy("Months of experience that stand in for the degree"),
        gettext_lazy("months of experience instead of a degree"),
    ),
    Knob(
        APPLICATION,
        "work",
        ("months",),
        "number",
        gettext_lazy("Months of work experience"),
        gettext_lazy("months of work experience"),
        gettext_lazy("Full-time equivalent months, counted after the degree the rule names."),
    ),
    Knob(
        APPLICATION,
        "leadership",
        ("months",),
        "number",
        gettext_lazy("Months of leadership experience"),
        gettext_lazy("months of leadership experience"),
    ),
    Knob(
        APPLICATION,
        "training",
        ("hours",),
        "number",
        gettext_lazy("Hours of training"),
        gettext_lazy("training hours"),
    ),
    Knob(
        APPLICATION,
        "rsc_received",
        ("hours",),
        "number",
        gettext_lazy("Hours of reflective supervision/consultation (RS/C) received"),
        gettext_lazy("RS/C hours"),
    ),
    Knob(
        APPLICATION,
        "rsc_received",
        ("within_months",),
        "integer",
        gettext_lazy("RS/C counted within the last (months)"),
        gettext_lazy("months in which RS/C counts"),
    ),
    Knob(
        APPLICATION,
        "rsc_received",
        ("providers",),
        "categories",
        gettext_lazy("Endorsements that qualify an RS/C provider"),
        gettext_lazy("categories that qualify an RS/C provider"),
        gettext_lazy("A provider holding one of these (or its equivalent) counts."),
    ),
    Knob(
        APPLICATION,
        "rsc_received",
        ("max_providers",),
        "optional_integer",
        gettext_lazy("RS/C providers counted at most"),
        gettext_lazy("RS/C providers counted at most"),
        gettext_lazy("Leave empty to count every provider."),
    ),
    Knob(
        APPLICATION,
        "references",
        ("count",),
        "integer",
        gettext_lazy("Number of references"),
        gettext_lazy("references"),
    ),
    *(_roles_knob(slot) for slot in range(ROLE_SLOTS)),
    Knob(
        APPLICATION,
        "exam",
        ("pass_marks", "multiple_choice"),
        "optional_integer",
        gettext_lazy("Exam pass mark, multiple choice (percent)"),
        gettext_lazy("the exam's multiple-choice pass mark"),
        gettext_lazy("Leave empty to keep the exam's own pass mark."),
    ),
    Knob(
        APPLICATION,
        "exam",
        ("pass_marks", "written"),
        "optional_integer",
        gettext_lazy("Exam pass mark, written responses (percent)"),
        gettext_lazy("the exam's written pass mark"),
        gettext_lazy("Leave empty to keep the exam's own pass mark."),
    ),
    Knob(
        APPLICATION,
        "agreements",
        ("within_months",),
        "integer",
        gettext_lazy("Agreements are valid for (months)"),
        gettext_lazy("months an agreement stays valid"),
    ),
    # The grace period is not offered: the registry, verification, the status list and the
    # renewal sweep apply the Alliance's grace period (credentials.grace_days) to everyone, so a
    # value set here would change only the renewal assessment's words (docs/renewals.md).
    Knob(
        RENEWAL,
        "training",
        ("hours",),
        "number",
        gettext_lazy("Hours of training each year"),
        gettext_lazy("training hours"),
    ),
    Knob(
        RENEWAL,
        "training",
        ("within_months",),
        "optional_integer",
        gettext_lazy("Training counted within the last (months)"),
        gettext_lazy("months in which training counts"),
    ),
    Knob(
        RENEWAL,
        "rsc_received",
        ("hours",),
        "number",
        gettext_lazy("Hours of RS/C received each year"),
        gettext_lazy("RS/C hours"),
    ),
    Knob(
        RENEWAL,
        "rsc_received",
        ("within_months",),
        "integer",
        gettext_lazy("RS/C counted within the last (months)"),
        gettext_lazy("months in which RS/C counts"),
    ),
    Knob(
        RENEWAL,
        "rsc_received",
        ("providers",),
        "categories",
        gettext_lazy("Endorsements that qualify an RS/C provider"),
        gettext_lazy("categories that qualify an RS/C provider"),
    ),
    Knob(
        RENEWAL,
        "agreements",
        ("within_months",),
        "integer",
        gettext_lazy("Agreements are valid for (months)"),
        gettext_lazy("months an agreement stays valid"),
    ),
)

_MISSING = object()


def digest(document: dict[str, Any]) -> str:
    """SHA-256 of the document's canonical JSON: equal documents, equal digests."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=256)
def _built(key: str, text: str) -> RequirementSet:
    return build_requirement_set(json.loads(text), key)


def as_requirement_set(document: dict[str, Any]) -> RequirementSet:
    """The engine's set for a stored document (built once per distinct content)."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _built(f"{document.get('id')}@{document.get('version')}", text)


def rule_of(document: dict[str, Any], category: str, mode: str, rule: str) -> dict | None:
    for item in document["categories"][category][mode]:
        if item["rule"] == rule:
            return item
    return None


def knobs_for(document: dict[str, Any], category: str) -> list[Knob]:
    """The knobs of `category`: those whose rule the category has (and, for experience instead
    of a degree, only where the rule offers it)."""
    out = []
    for knob in KNOBS:
        item = rule_of(document, category, knob.mode, knob.rule)
        if item is None or (knob.path[0] == "or_experience" and "or_experience" not in item):
            continue
        out.append(knob)
    return out


def value_of(document: dict[str, Any], category: str, knob: Knob) -> Any:
    item = rule_of(document, category, knob.mode, knob.rule)
    value: Any = item
    for step in knob.path:
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and step < len(value) else None
        else:
            value = value.get(step) if isinstance(value, dict) else None
        if value is None:
            break
    if knob.kind in ("categories", "roles"):
        return list(value or [])
    return value


def with_values(document: dict[str, Any], category: str, values: dict[str, Any]) -> dict[str, Any]:
    """A copy of `document` with `values` (knob name -> value) set on `category`'s rules.
    `None` takes an optional value out; empty reference slots are dropped."""
    result = copy.deepcopy(document)
    for knob in knobs_for(result, category):
        if knob.name not in values:
            continue
        item = rule_of(result, category, knob.mode, knob.rule)
        assert item is not None
        value = values[knob.name]
        if knob.kind == "roles":
            slots = list(item.get("roles", []))
            slot = int(knob.path[1])
            while len(slots) <= slot:
                slots.append([])
            slots[slot] = list(value)
            item["roles"] = slots
            continue
        *parents, last = knob.path
        target = item
        for step in parents:
            target = target.setdefault(str(step), {})
        if value is None and knob.kind == "optional_integer" and parents:
            target.pop(str(last), None)
            if not target:
                item.pop(str(parents[0]), None)
        else:
            target[str(last)] = value
    for mode in (APPLICATION, RENEWAL):
        item = rule_of(result, category, mode, "references")
        if item is not None and "roles" in item:
            item["roles"] = [slot for slot in item["roles"] if slot]
    return result


def _message(error) -> str:
    """A JSON Schema refusal in words a coordinator reads."""
    kind, limit = error.validator, error.validator_value
    if kind == "minimum":
        return _("Enter %(limit)s or more.") % {"limit": limit}
    if kind == "exclusiveMinimum":
        return _("Enter a number above %(limit)s.") % {"limit": limit}
    if kind == "maximum":
        return _("Enter %(limit)s or less.") % {"limit": limit}
    if kind == "type" and "integer" in (limit if isinstance(limit, list) else [limit]):
        return _("Enter a whole number.")
    if kind == "type":
        return _("Enter a number.")
    if kind == "minItems":
        return _("Choose at least one.")
    if kind in ("enum", "const"):
        return _("Choose from the list.")
    return _("This value is not allowed (%(detail)s).") % {"detail": error.message}


def _leaves(errors: Iterable) -> Iterable:
    """The errors that name a value: inside a rule's `oneOf`, those of the branch for that
    rule (the branches for other rules fail on `rule` itself)."""
    for error in errors:
        if error.validator == "oneOf" and error.context:
            branches: dict[Any, list] = {}
            for sub in error.context:
                branches.setdefault(sub.schema_path[0], []).append(sub)
            chosen = [
                subs
                for subs in branches.values()
                if not any(list(s.relative_path) == ["rule"] for s in subs)
            ]
            if chosen:
                yield from _leaves(chosen[0])
                continue
        yield error


def schema_problems(document: dict[str, Any], category: str) -> dict[str, list[str]]:
    """The JSON Schema's refusals of `document`, by knob name of `category` ("" for those no
    knob names), each in words. Empty: the schema accepts the document."""
    problems: dict[str, list[str]] = {}
    knobs = knobs_for(document, category)
    for error in _leaves(schema_errors(document)):
        path = list(error.absolute_path)
        name = ""
        if len(path) >= 4 and path[:2] == ["categories", category]:
            mode, index, rest = path[2], path[3], path[4:]
            rule = document["categories"][category][mode][index]["rule"]
            for knob in knobs:
                if knob.mode == mode and knob.rule == rule and _covers(knob.path, rest):
                    name = knob.name
                    break
        message = _message(error)
        if message not in problems.get(name, []):
            problems.setdefault(name, []).append(message)
    return problems


def _covers(knob_path: tuple, error_path: list) -> bool:
    """The knob's value is where the error points, or holds it (an item of a list)."""
    return list(knob_path) == error_path[: len(knob_path)] or (
        knob_path[0] == "roles" and error_path[:1] == ["roles"] and len(error_path) == 1
    )


def cross_problems(document: dict[str, Any], category: str) -> dict[str, list[str]]:
    """What the schema cannot say: more reference slots than references."""
    item = rule_of(document, category, APPLICATION, "references")
    count = item.get("count") if item is not None else None
    if isinstance(count, int) and len(item.get("roles", [])) > count:  # type: ignore[union-attr]
        return {
            "application__references__count": [
                _("There are more required roles than references: raise the number.")
            ]
        }
    return {}


def category_codes(standard: str) -> tuple[str, ...]:
    return codes.IMH_E_CATEGORIES if standard == "IMH-E" else codes.ECMH_E_CATEGORIES


# --- comparing two versions ------------------------------------------------------------------


def _shown(value: Any) -> str:
    if value is None or value == []:
        return _("none")
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            return "; ".join(", ".join(_role(r) for r in slot) for slot in value)
        return ", ".join(_role(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _role(value: Any) -> str:
    from dyad.standards.messages import m, render

    if value in ROLES:
        return render(m(f"role.{value}"), _)
    return str(value)


def _where(category: str, mode: str) -> str:
    if mode == RENEWAL:
        return _("renewing %(category)s") % {"category": category}
    return category


class Difference(str):
    """One difference as a sentence ("RS/C hours for IMHS: 50 → 48"), with its parts for a
    side-by-side table: what, for which category (and mode), the old and the new value."""

    what: str
    where: str
    old: str
    new: str

    def __new__(cls, text: str, what: str, where: str, old: str, new: str) -> Difference:
        made = super().__new__(cls, text)
        made.what, made.where, made.old, made.new = what, where, old, new
        return made


def _asked(what: str, where: str, was: bool) -> Difference:
    asked, not_asked = _("asked"), _("not asked")
    if was:
        text = _("%(where)s no longer asks for: %(rule)s") % {"where": where, "rule": what}
        return Difference(text, what, where, asked, not_asked)
    text = _("%(where)s now asks for: %(rule)s") % {"where": where, "rule": what}
    return Difference(text, what, where, not_asked, asked)


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[Difference]:
    """What changed from `old` to `new`, one plain sentence each ("RS/C hours for IMHS:
    50 → 48"), in the order of the categories and their rules."""
    lines: list[Difference] = []
    old_categories, new_categories = old.get("categories", {}), new.get("categories", {})
    for category in [*old_categories, *(c for c in new_categories if c not in old_categories)]:
        if category not in new_categories:
            lines.append(_asked(_("the category"), category, True))
            continue
        if category not in old_categories:
            lines.append(_asked(_("the category"), category, False))
            continue
        for mode in (APPLICATION, RENEWAL):
            lines += _rule_differences(old, new, category, mode)
    return lines


def _rule_differences(old: dict, new: dict, category: str, mode: str) -> list[Difference]:
    lines = []
    where = _where(category, mode)
    before = {r["rule"]: r for r in old["categories"][category][mode]}
    after = {r["rule"]: r for r in new["categories"][category][mode]}
    for rule in before:
        if rule not in after:
            lines.append(_asked(_rule_name(rule), where, True))
    for rule in after:
        if rule not in before:
            lines.append(_asked(_rule_name(rule), where, False))
            continue
        if before[rule] == after[rule]:
            continue
        known = [k for k in KNOBS if k.mode == mode and k.rule == rule]
        said = False
        for knob in known:
            if knob.kind == "roles":
                continue
            was, now = _at(before[rule], knob.path), _at(after[rule], knob.path)
            if was != now:
                lines.append(_sentence(knob.short, where, was, now))
                said = True
        if rule == "references" and before[rule].get("roles", []) != after[rule].get("roles", []):
            lines.append(
                _sentence(
                    gettext_lazy("roles the references must come from"),
                    where,
                    before[rule].get("roles", []),
                    after[rule].get("roles", []),
                )
            )
            said = True
        rest_before = _without(before[rule], known)
        rest_after = _without(after[rule], known)
        if rest_before != rest_after or not said:
            for key in sorted(set(rest_before) | set(rest_after)):
                if rest_before.get(key) != rest_after.get(key):
                    lines.append(
                        _sentence(
                            f"{rule} {key.replace('_', ' ')}",
                            where,
                            rest_before.get(key),
                            rest_after.get(key),
                        )
                    )
    return lines


def _rule_name(rule: str) -> str:
    from dyad.standards.messages import m, render

    try:
        return render(m(f"rule.{rule}"), _)
    except KeyError:
        return rule


def _sentence(what: Any, where: str, was: Any, now: Any) -> Difference:
    parts = {
        "what": str(what)[:1].upper() + str(what)[1:],
        "where": where,
        "old": _shown(was),
        "new": _shown(now),
    }
    text = _("%(what)s for %(where)s: %(old)s → %(new)s") % parts
    return Difference(text, parts["what"], where, parts["old"], parts["new"])


def _at(item: dict, path: tuple) -> Any:
    value: Any = item
    for step in path:
        value = value.get(step) if isinstance(value, dict) else None
    return value


def _without(item: dict, knobs: list[Knob]) -> dict:
    """The rule's parameters no knob covers (compared as they are)."""
    covered = {k.path[0] for k in knobs}
    if item.get("rule") == "references":
        covered.add("roles")
    return {k: v for k, v in item.items() if k != "rule" and k not in covered}
