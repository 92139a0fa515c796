"""Reading a `dyad-portfolio/1` file (docs/portfolio-format.md) into facts.

The shape of the file is checked by its JSON Schema (`schemas/portfolio.schema.json`, the same
file as docs/portfolio.schema.json); only what a schema cannot say is checked here by hand: ids
that name nothing, duplicate ids, an end before its start. Every problem is reported with the JSON
pointer of the field it concerns, at most MAX_PROBLEMS of them and how many more there were, so a
person fixes a file in one pass and a hostile file costs little. Nothing here raises anything but
`PortfolioError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .facts import (
    Agreement,
    Education,
    Endorsement,
    ExamResult,
    HeldPeriod,
    Membership,
    Portfolio,
    Provider,
    Reference,
    RscSession,
    Training,
    Work,
)
from .messages import TEMPLATES, VERBATIM, Message, Translate, m, render

FORMAT = "dyad-portfolio/1"
MAX_BYTES = 5 * 1024 * 1024
SCHEMA_PATH = Path(__file__).parent / "schemas" / "portfolio.schema.json"
#: Problems listed one by one; beyond that the reader says how many more there were.
MAX_PROBLEMS = 20
#: Problems counted at all: past this the reader stops looking ("more than N").
MAX_COUNTED = 1000
#: A whole number longer than this is not a count of anything (and would cost to convert).
MAX_DIGITS = 18
#: The schema's x-dyad-problem sentences, by their message code (each must be a `file.*` template).
_SAID: dict[str, str] = {text: code for code, text in TEMPLATES.items() if code.startswith("file.")}
_SURROGATE = re.compile("[\ud800-\udfff]")


class PortfolioError(ValueError):
    """A portfolio that cannot be assessed: (pointer, message) pairs, the messages as codes
    (`messages.py`, group `file`) so a page shows them in the reader's language. A pointer of
    None marks the closing line that counts the problems not listed."""

    def __init__(self, problems: Iterable[tuple[str | None, Message]]) -> None:
        self.messages = list(problems)
        super().__init__("; ".join(self.lines()))

    @property
    def problems(self) -> list[tuple[str, str]]:
        """(pointer, English sentence) of each problem."""
        return [(p, render(m)) for p, m in self.messages if p is not None]

    def lines(self, translate: Translate | None = None) -> list[str]:
        """One line per problem, `pointer: sentence` (in English unless `translate` is given)."""
        out = []
        for pointer, message in self.messages:
            text = render(message, translate) if translate else render(message)
            out.append(text if pointer is None else f"{pointer or '/'}: {text}")
        return out


class _NotAllowed(ValueError):
    pass


def _parse_int(text: str) -> int | float:
    # Longer numbers become floats (inf when huge), which the schema then refuses by name,
    # instead of Python's digit limit or an overflow escaping as a crash.
    return int(text) if len(text) <= MAX_DIGITS else float(text)


def _parse_constant(name: str) -> Any:
    raise _NotAllowed(name)


def load_portfolio_bytes(data: bytes) -> Portfolio:
    """Parse and validate the bytes of a portfolio file; raise PortfolioError on any problem."""
    if len(data) > MAX_BYTES:
        raise PortfolioError([("", m("file.too_large_bytes", size=f"{len(data):,}"))])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PortfolioError([("", m("file.not_utf8", byte=exc.start))]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        document = json.loads(text, parse_int=_parse_int, parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        message = m("file.not_json", detail=exc.msg, line=exc.lineno, column=exc.colno)
        raise PortfolioError([("", message)]) from None
    except _NotAllowed as exc:
        raise PortfolioError([("", m("file.not_json_number", name=str(exc)))]) from None
    except RecursionError:
        raise PortfolioError([("", m("file.too_deep"))]) from None
    return portfolio_from_document(document)


def load_portfolio(path: str) -> Portfolio:
    """Read a portfolio file from disk; unreadable files are PortfolioErrors too."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PortfolioError(
            [("", m("file.cannot_read", path=path, reason=exc.strerror))]
        ) from None
    if len(data) > MAX_BYTES:
        raise PortfolioError([("", m("file.too_large"))])
    return load_portfolio_bytes(data)


def portfolio_from_document(document: Any) -> Portfolio:
    """Validate an already parsed JSON document and build the facts."""
    problems = _Problems()
    _check_text(document, problems)
    if not problems.full:
        _check_schema(document, problems)
    if isinstance(document, dict) and not problems.full:
        _check_across(document, problems)
    if problems:
        raise PortfolioError(problems.lines())
    return _build(document)


# -- problems -------------------------------------------------------------------------------


class _Problems:
    """One problem per pointer; the first MAX_PROBLEMS kept, at most MAX_COUNTED counted."""

    def __init__(self) -> None:
        self.kept: dict[str, Message] = {}
        self.pointers: set[str] = set()

    def add(self, pointer: str, message: Message) -> None:
        if pointer in self.pointers or self.full:
            return
        self.pointers.add(pointer)
        if len(self.kept) < MAX_PROBLEMS:
            self.kept[pointer] = message

    @property
    def full(self) -> bool:
        return len(self.pointers) >= MAX_COUNTED

    def __bool__(self) -> bool:
        return bool(self.pointers)

    def lines(self) -> list[tuple[str | None, Message]]:
        ordered: list[tuple[str | None, Message]] = sorted(
            self.kept.items(), key=lambda item: _pointer_order(str(item[0]))
        )
        more = len(self.pointers) - len(ordered)
        if more > 0:
            code = "file.more_than_not_listed" if self.full else "file.more_not_listed"
            ordered.append((None, m(code, count=f"{more:,}")))
        return ordered


def _pointer_order(pointer: str) -> list[tuple[int, int | str]]:
    return [(0, int(p)) if p.isascii() and p.isdigit() else (1, p) for p in pointer.split("/")[1:]]


def _escape(key: object) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _pointer(path: Iterable[object]) -> str:
    return "".join(f"/{_escape(p)}" for p in path)


def _check_text(document: Any, problems: _Problems) -> None:
    """Strings (and keys) with an unpaired surrogate cannot be shown or stored: name them."""
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack and not problems.full:
        value, pointer = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                problems.add(pointer, m("file.surrogate"))
        elif isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    problems.add(pointer, m("file.surrogate_key"))
                else:
                    stack.append((item, f"{pointer}/{_escape(key)}"))
        elif isinstance(value, list):
            stack.extend((item, f"{pointer}/{i}") for i, item in enumerate(value))


@cache
def schema() -> dict[str, Any]:
    """The portfolio file's JSON Schema (docs/portfolio.schema.json)."""
    result: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return result


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local `$ref` replaced by what it names: the same rules, checked
    several times faster (resolving references dominates jsonschema's time on our documents)."""
    if isinstance(node, dict):
        if "$ref" in node:
            named = _inline(defs[node["$ref"].rsplit("/", 1)[1]], defs)
            return {**named, **_inline({k: v for k, v in node.items() if k != "$ref"}, defs)}
        return {k: _inline(v, defs) for k, v in node.items() if k not in {"$defs", "$id"}}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


@cache
def _validator() -> Any:
    import jsonschema  # type: ignore[import-untyped]

    cls = jsonschema.Draft202012Validator
    return cls(_inline(schema(), schema()["$defs"]), format_checker=cls.FORMAT_CHECKER)


def _check_schema(document: Any, problems: _Problems) -> None:
    if isinstance(document, dict):
        # Over-long lists first, cheaply: a file of 100,000 entries is refused by its length
        # before each entry is looked at.
        long = False
        for key, spec in schema()["properties"].items():
            value = document.get(key)
            if isinstance(value, list) and len(value) > spec.get("maxItems", len(value)):
                problems.add(f"/{key}", _too_many(len(value), spec["maxItems"]))
                long = True
        if long:
            return
    for error in _validator().iter_errors(document):
        for pointer, message in _explain(error):
            problems.add(pointer, message)
        if problems.full:
            return


def _too_many(have: int, limit: int) -> Message:
    return m("file.too_many", have=f"{have:,}", limit=f"{limit:,}")


def _explain(error: Any) -> Iterator[tuple[str, Message]]:
    """A jsonschema error as (pointer, sentence): the sentences the contract has always used."""
    where = _pointer(error.absolute_path)
    keyword = error.validator
    instance = error.instance
    if keyword == "required":
        for key in error.validator_value:
            if isinstance(instance, dict) and key not in instance:
                yield f"{where}/{_escape(key)}", m("file.required")
        return
    if keyword == "additionalProperties":
        known = error.schema.get("properties", {})
        for key in instance:
            if key not in known:
                yield f"{where}/{_escape(key)}", m("file.unknown_field")
        return
    if keyword == "uniqueItems":
        seen: list[Any] = []
        for i, item in enumerate(instance):
            if item in seen:
                yield f"{where}/{i}", m("file.repeats", value=repr(item))
            else:
                seen.append(item)
        return
    if keyword == "maxItems":
        yield where, _too_many(len(instance), error.validator_value)
        return
    if keyword == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value if v is not None)
        yield where, m("file.one_of", allowed=allowed)
        return
    said = error.schema.get("x-dyad-problem")
    if isinstance(said, dict):
        said = said.get(keyword, said.get("default"))
    if said is None and keyword == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        said = "must be an object" if "object" in expected else "must be an array"
    code = _SAID.get(said or "")
    yield where, m(code) if code else m(VERBATIM, text=said or error.message)


def _check_across(doc: dict[str, Any], problems: _Problems) -> None:
    """What the schema cannot say: duplicate ids, ids that name nothing, ends before starts."""

    def entries(key: str) -> Iterator[tuple[str, dict[str, Any]]]:
        value = doc.get(key)
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    yield f"/{key}/{i}", item

    def ids(key: str, what: Message) -> set[str]:
        seen: set[str] = set()
        for p, item in entries(key):
            ident = item.get("id")
            if isinstance(ident, str) and ident:
                if ident in seen:
                    problems.add(f"{p}/id", m("file.repeats_id", id=repr(ident), what=what))
                seen.add(ident)
        return seen

    def order(p: str, item: dict[str, Any], first: str, then: str) -> None:
        start, end = _day(item.get(first)), _day(item.get(then))
        if start and end and end < start:
            problems.add(f"{p}/{then}", m("file.before", other=first, date=start.isoformat()))

    work_ids = ids("work", m("file.what_work"))
    provider_ids = ids("rsc_providers", m("file.what_provider"))
    for p, w in entries("work"):
        order(p, w, "start", "end")
        pop = w.get("population")
        if isinstance(pop, dict):
            low, high = _whole(pop.get("min_months")), _whole(pop.get("max_months"))
            if low is not None and high is not None and high < low:
                problems.add(f"{p}/population/max_months", m("file.below_min_months", low=low))
    for p, entry in entries("rsc_providers"):
        held = entry.get("endorsements")
        for i, e in enumerate(held if isinstance(held, list) else []):
            if isinstance(e, dict):
                order(f"{p}/endorsements/{i}", e, "from", "to")
    for p, s in entries("rsc"):
        provider = s.get("provider")
        if isinstance(provider, str) and provider and provider not in provider_ids:
            problems.add(
                f"{p}/provider", m("file.names_nothing", list="rsc_providers", id=repr(provider))
            )
        work = s.get("work")
        if isinstance(work, str) and work and work not in work_ids:
            problems.add(f"{p}/work", m("file.names_nothing", list="work", id=repr(work)))
    for p, e in entries("endorsements"):
        order(p, e, "granted", "expires")


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _whole(value: Any) -> int | None:
    """A whole number as JSON Schema's "integer" means it (60.0 is 60), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


# -- facts ----------------------------------------------------------------------------------


def _build(doc: dict[str, Any]) -> Portfolio:
    """Facts from a document that passed every check (so every value has its type)."""

    def items(key: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for i, item in enumerate(doc.get(key) or ()):
            yield f"/{key}/{i}", item

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    def whole(value: Any) -> int:
        result = _whole(value)
        assert result is not None  # the schema made sure
        return result

    person = doc["person"]
    education = tuple(
        Education(
            p,
            e["level"],
            date.fromisoformat(e["completed"]),
            e.get("field") or "",
            bool(e.get("related_field")),
            bool(e.get("imh_certificate")),
            e.get("institution") or "",
        )
        for p, e in items("education")
    )
    training = tuple(
        Training(
            p,
            t["title"],
            date.fromisoformat(t["date"]),
            whole(t["minutes"]),
            t["imh_specific"],
            tuple(t.get("areas") or ()),
            t.get("provider") or "",
        )
        for p, t in items("training")
    )
    work = tuple(
        Work(
            ref=p,
            id=w["id"],
            start=date.fromisoformat(w["start"]),
            end=day(w.get("end")),
            hours_per_week=float(w.get("hours_per_week") or 0),
            paid=w["paid"],
            kind=w["kind"],
            participants=w["participants"],
            min_months=whole(w["population"]["min_months"]),
            max_months=whole(w["population"]["max_months"]),
            prenatal=bool(w["population"].get("prenatal")),
            services=tuple(w.get("services") or ()),
            relationship_focused=bool(w.get("relationship_focused")),
            addresses_attachment_loss=bool(w.get("addresses_attachment_loss")),
            role=w.get("role") or "",
            employer=w.get("employer") or "",
        )
        for p, w in items("work")
    )
    providers = tuple(
        Provider(
            p,
            pr["id"],
            pr["name"],
            pr.get("degree"),
            tuple(
                HeldPeriod(e["category"], date.fromisoformat(e["from"]), day(e.get("to")))
                for e in pr.get("endorsements") or ()
            ),
        )
        for p, pr in items("rsc_providers")
    )
    rsc = tuple(
        RscSession(
            p,
            date.fromisoformat(s["date"]),
            whole(s["minutes"]),
            s["format"],
            s["provider"],
            s.get("work") or None,
        )
        for p, s in items("rsc")
    )
    references = tuple(
        Reference(p, r["role"], r["status"], day(r.get("date")), r.get("name") or "")
        for p, r in items("references")
    )
    exams = tuple(
        ExamResult(p, e["category"], date.fromisoformat(e["date"]), e["result"])
        for p, e in items("exams")
    )
    endorsements = tuple(
        Endorsement(
            p, e["category"], date.fromisoformat(e["granted"]), date.fromisoformat(e["expires"])
        )
        for p, e in items("endorsements")
    )
    signed = doc.get("agreements") or {}
    agreements = tuple(
        Agreement(f"/agreements/{key}", key, date.fromisoformat(signed[key]))
        for key in ("code_of_ethics", "endorsement_agreement")
        if signed.get(key)
    )
    held = doc.get("membership") or {}
    membership = None
    if held.get("expires"):
        membership = Membership(
            "/membership", date.fromisoformat(held["expires"]), held.get("association") or ""
        )
    return Portfolio.build(
        name=person["name"],
        email=person.get("email") or "",
        education=education,
        training=training,
        work=work,
        providers=providers,
        rsc=rsc,
        references=references,
        exams=exams,
        agreements=agreements,
        membership=membership,
        endorsements=endorsements,
    )
