"""The engine's facts as plain JSON and back, losslessly: what an application's snapshot freezes.

The portfolio file format (`docs/portfolio-format.md`) is for people and other tools: it drops the
refs and the empty values. A snapshot must keep everything the assessment cites, refs included,
so that a reviewer reading a frozen finding ("training:12 does not count") finds the entry it
names even after the row is changed or deleted. `portfolio_from_dict(portfolio_to_dict(p)) == p`
for every portfolio (tested with generated portfolios).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from functools import cache
from typing import Any

from . import facts

#: the fact classes, by the name of the Portfolio field that holds them
_ITEM_TYPES: dict[str, type] = {
    "education": facts.Education,
    "training": facts.Training,
    "work": facts.Work,
    "providers": facts.Provider,
    "rsc": facts.RscSession,
    "references": facts.Reference,
    "exams": facts.ExamResult,
    "agreements": facts.Agreement,
    "endorsements": facts.Endorsement,
}

FORMAT = "dyad-facts/1"


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.compare  # the provider index is derived, not a fact
        }
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def portfolio_to_dict(p: facts.Portfolio) -> dict[str, Any]:
    """Every fact of `p`, refs included, as JSON-ready values (dates as ISO strings)."""
    return {"format": FORMAT, **_plain(p)}


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(facts), {})  # facts named `date` shadow the type


def _read(cls: type, data: dict[str, Any]) -> Any:
    values = {}
    hints = _hints(cls)
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue  # a field added later keeps its default
        values[f.name] = _value(hints[f.name], data[f.name])
    return cls(**values)


def _value(hint: Any, raw: Any) -> Any:
    if raw is None:
        return None
    origin = typing.get_origin(hint)
    if origin is tuple:
        (item, _ellipsis) = typing.get_args(hint)
        return tuple(_value(item, v) for v in raw)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _value(inner[0], raw)
    if hint is date:
        return date.fromisoformat(raw)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _read(hint, raw)
    if hint is float:
        return float(raw)
    return raw


def portfolio_from_dict(data: dict[str, Any]) -> facts.Portfolio:
    """The portfolio `portfolio_to_dict` wrote. Raises ValueError for another format."""
    if data.get("format") != FORMAT:
        raise ValueError(f"not a frozen portfolio ({FORMAT!r} expected)")
    fields: dict[str, Any] = {"name": data["name"], "email": data.get("email", "")}
    for name, cls in _ITEM_TYPES.items():
        fields[name] = tuple(_read(cls, item) for item in data.get(name, ()))
    if data.get("membership") is not None:
        fields["membership"] = _read(facts.Membership, data["membership"])
    return facts.Portfolio.build(**fields)
