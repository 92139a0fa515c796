"""Hypothesis strategies for documents drawn from the portfolio's JSON Schema, and for damaged
or arbitrary JSON. (Written for the keywords our schema uses; hypothesis-jsonschema does not run
with current hypothesis.)"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from dyad.standards.portfolio_file import schema

FIRST, LAST = date(1990, 1, 1), date(2030, 12, 31)
dates = st.integers(0, (LAST - FIRST).days).map(lambda d: (FIRST + timedelta(days=d)).isoformat())


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema()["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def from_node(node: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    node = _resolve(node)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    types = node.get("type", "object")
    types = types if isinstance(types, list) else [types]
    options = [_of_type(t, node, depth) for t in types]
    return st.one_of(*options)


def _of_type(kind: str, node: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(node.get("minimum", -(10**6)), node.get("maximum", 10**6))
    if kind == "number":
        low, high = node.get("minimum", -1e6), node.get("maximum", 1e6)
        return st.one_of(st.integers(int(low), int(high)), st.floats(low, high))
    if kind == "string":
        if node.get("format") == "date":
            return dates
        return st.text(min_size=node.get("minLength", 0), max_size=30).filter(
            lambda s: "pattern" not in node or s.strip()
        )
    if kind == "array":
        return st.lists(
            from_node(node["items"], depth + 1), max_size=min(node.get("maxItems", 4), 4)
        )
    properties = node.get("properties", {})
    required = node.get("required", [])
    optional = [k for k in properties if k not in required]
    return st.fixed_dictionaries(
        {k: from_node(properties[k], depth + 1) for k in required},
        optional={k: from_node(properties[k], depth + 1) for k in optional},
    )


def schema_documents() -> st.SearchStrategy[Any]:
    return from_node(schema())


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def damaged_documents(draw: Any) -> Any:
    """A schema document with one value somewhere replaced by arbitrary JSON (or a key added)."""
    document = draw(schema_documents())
    node = document
    for _ in range(draw(st.integers(0, 4))):
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        children = [(k, v) for k, v in children if isinstance(v, dict | list) and v]
        if not children:
            break
        _, node = draw(st.sampled_from(children))
    if isinstance(node, dict):
        key = draw(st.sampled_from([*node.keys(), "unknown_field"]))
        node[key] = draw(json_values)
    elif node:
        node[draw(st.integers(0, len(node) - 1))] = draw(json_values)
    return document
