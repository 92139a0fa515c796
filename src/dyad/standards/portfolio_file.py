"""Reading a `dyad-portfolio/1` file (shared/contracts/portfolio.md) into facts.

Every problem is reported with the JSON pointer of the field it concerns, all at once, so a
person fixes a file in one pass. Nothing here raises anything but `PortfolioError`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from . import codes
from .facts import (
    Education,
    Endorsement,
    ExamResult,
    HeldPeriod,
    Portfolio,
    Provider,
    Reference,
    RscSession,
    Training,
    Work,
)

FORMAT = "dyad-portfolio/1"
MAX_BYTES = 5 * 1024 * 1024
TOP_LEVEL = (
    "format",
    "person",
    "education",
    "training",
    "work",
    "rsc_providers",
    "rsc",
    "references",
    "exams",
    "agreements",
    "membership",
    "endorsements",
)


class PortfolioError(ValueError):
    """A portfolio that cannot be assessed; `problems` holds (pointer, message) pairs."""

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(f"{p}: {m}" for p, m in self.problems))

    def lines(self) -> list[str]:
        return [f"{pointer or '/'}: {message}" for pointer, message in self.problems]


_MISSING = object()


class _Reader:
    """Collects problems while reading typed values out of parsed JSON."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, pointer: str, message: str) -> None:
        self.problems.append((pointer, message))

    def obj(
        self, value: Any, pointer: str, allowed: Iterable[str] | None, required: Iterable[str] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(pointer, "must be an object")
            return None
        if allowed is not None:
            allowed = set(allowed)
            for key in value:
                if key not in allowed:
                    self.fail(f"{pointer}/{_escape(key)}", "is not a known field")
        for key in required:
            if key not in value:
                self.fail(f"{pointer}/{key}", "is required")
        return value

    def array(self, container: dict[str, Any], key: str, pointer: str) -> list[Any]:
        value = container.get(key, _MISSING)
        if value is _MISSING or value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{pointer}/{key}", "must be an array")
            return []
        return value

    def get(
        self,
        container: dict[str, Any],
        key: str,
        pointer: str,
        check: Callable[[Any], tuple[bool, Any]],
        message: str,
        default: Any = None,
        required: bool = False,
    ) -> Any:
        value = container.get(key, _MISSING)
        if value is _MISSING:
            return default  # a missing required field was already reported by obj()
        if value is None and not required:
            return default
        ok, converted = check(value)
        if not ok:
            self.fail(f"{pointer}/{key}", message)
            return default
        return converted

    def text(self, c: dict[str, Any], key: str, pointer: str, required: bool = False) -> str:
        check = _nonempty_string if required else _string
        message = "must be a non-empty string" if required else "must be a string"
        result: str = self.get(c, key, pointer, check, message, "", required)
        return result

    def boolean(self, c: dict[str, Any], key: str, pointer: str, required: bool = False) -> bool:
        result: bool = self.get(c, key, pointer, _boolean, "must be true or false", False, required)
        return result

    def day(self, c: dict[str, Any], key: str, pointer: str, required: bool = False) -> date | None:
        message = "must be a real date written YYYY-MM-DD"
        result: date | None = self.get(c, key, pointer, _date, message, None, required)
        return result

    def code(
        self, c: dict[str, Any], key: str, pointer: str, allowed: Iterable[str], required: bool
    ) -> str | None:
        allowed = tuple(allowed)
        message = "must be one of " + ", ".join(allowed)
        result: str | None = self.get(
            c, key, pointer, lambda v: (v in allowed, v), message, None, required
        )
        return result

    def codes(
        self, c: dict[str, Any], key: str, pointer: str, allowed: Iterable[str]
    ) -> tuple[str, ...]:
        values = self.array(c, key, pointer)
        allowed = tuple(allowed)
        seen: list[str] = []
        for i, v in enumerate(values):
            if not isinstance(v, str) or v not in allowed:
                self.fail(f"{pointer}/{key}/{i}", "must be one of " + ", ".join(allowed))
            elif v in seen:
                self.fail(f"{pointer}/{key}/{i}", f"repeats {v!r}")
            else:
                seen.append(v)
        return tuple(seen)


def _escape(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _string(v: Any) -> tuple[bool, Any]:
    return isinstance(v, str), v


def _nonempty_string(v: Any) -> tuple[bool, Any]:
    return isinstance(v, str) and v.strip() != "", v


def _boolean(v: Any) -> tuple[bool, Any]:
    return isinstance(v, bool), v


def _date(v: Any) -> tuple[bool, Any]:
    if not isinstance(v, str) or len(v) != 10 or v[4] != "-" or v[7] != "-":
        return False, None
    try:
        return True, date.fromisoformat(v)
    except ValueError:
        return False, None


def _whole(v: Any) -> int | None:
    """A whole number, as JSON Schema's "integer" means it (so 60.0 is 60), else None."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return None


def _whole_minutes(v: Any) -> tuple[bool, Any]:
    whole = _whole(v)
    return whole is not None and whole >= 1, whole


def _hours_per_week(v: Any) -> tuple[bool, Any]:
    ok = isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 80
    return ok, v


def _age_months(v: Any) -> tuple[bool, Any]:
    whole = _whole(v)
    return whole is not None and 0 <= whole <= 216, whole


def load_portfolio_bytes(data: bytes) -> Portfolio:
    """Parse and validate the bytes of a portfolio file; raise PortfolioError on any problem."""
    if len(data) > MAX_BYTES:
        raise PortfolioError([("", f"the file is {len(data):,} bytes; the limit is 5 MB")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PortfolioError([("", f"is not UTF-8 text (byte {exc.start})")]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise PortfolioError([("", message)]) from None
    except RecursionError:
        raise PortfolioError([("", "is not valid JSON: nested too deeply")]) from None
    return portfolio_from_document(document)


def load_portfolio(path: str) -> Portfolio:
    """Read a portfolio file from disk; unreadable files are PortfolioErrors too."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise PortfolioError([("", f"cannot read {path}: {exc.strerror}")]) from None
    if len(data) > MAX_BYTES:
        raise PortfolioError([("", "the file is larger than the 5 MB limit")])
    return load_portfolio_bytes(data)


def portfolio_from_document(document: Any) -> Portfolio:
    """Validate an already parsed JSON document and build the facts."""
    r = _Reader()
    doc = r.obj(document, "", TOP_LEVEL, ("format", "person"))
    if doc is None:
        raise PortfolioError(r.problems)
    if "format" in doc and doc["format"] != FORMAT:
        r.fail("/format", f'must be "{FORMAT}"')

    name, email = "", ""
    person = r.obj(doc.get("person"), "/person", None, ("name",)) if "person" in doc else None
    if person is not None:
        name = r.text(person, "name", "/person", required=True)
        email = r.text(person, "email", "/person")

    education = tuple(_education(r, doc))
    training = tuple(_training(r, doc))
    work = tuple(_work(r, doc))
    providers = tuple(_providers(r, doc))
    rsc = tuple(_rsc(r, doc, {w.id for w in work}, {p.id for p in providers}))
    references = tuple(_references(r, doc))
    exams = tuple(_exams(r, doc))
    endorsements = tuple(_endorsements(r, doc))

    agreements: dict[str, date | None] = {key: None for key in codes.AGREEMENTS}
    if "agreements" in doc and doc["agreements"] is not None:
        a = r.obj(doc["agreements"], "/agreements", codes.AGREEMENTS)
        if a is not None:
            for key in codes.AGREEMENTS:
                agreements[key] = r.day(a, key, "/agreements")

    expires, association = None, ""
    if "membership" in doc and doc["membership"] is not None:
        m = r.obj(doc["membership"], "/membership", ("association", "expires"))
        if m is not None:
            expires = r.day(m, "expires", "/membership")
            association = r.text(m, "association", "/membership")

    if r.problems:
        raise PortfolioError(r.problems)
    return Portfolio(
        name=name,
        email=email,
        education=education,
        training=training,
        work=work,
        providers=providers,
        rsc=rsc,
        references=references,
        exams=exams,
        code_of_ethics=agreements["code_of_ethics"],
        endorsement_agreement=agreements["endorsement_agreement"],
        membership_expires=expires,
        membership_association=association,
        endorsements=endorsements,
    )


def _items(
    r: _Reader, doc: dict[str, Any], key: str, allowed: tuple[str, ...], required: tuple[str, ...]
) -> Iterator[tuple[str, dict[str, Any]]]:
    for i, raw in enumerate(r.array(doc, key, "")):
        pointer = f"/{key}/{i}"
        item = r.obj(raw, pointer, allowed, required)
        if item is not None:
            yield pointer, item


def _education(r: _Reader, doc: dict[str, Any]) -> Iterator[Education]:
    allowed = ("level", "field", "related_field", "institution", "completed", "imh_certificate")
    for p, e in _items(r, doc, "education", allowed, ("level", "completed")):
        before = len(r.problems)
        level = r.code(e, "level", p, codes.LEVELS, True)
        completed = r.day(e, "completed", p, True)
        field = r.text(e, "field", p)
        related = r.boolean(e, "related_field", p)
        institution = r.text(e, "institution", p)
        certificate = r.boolean(e, "imh_certificate", p)
        if len(r.problems) == before and level and completed:
            yield Education(p, level, completed, field, related, certificate, institution)


def _training(r: _Reader, doc: dict[str, Any]) -> Iterator[Training]:
    allowed = ("title", "provider", "date", "minutes", "imh_specific", "areas")
    for p, t in _items(r, doc, "training", allowed, ("title", "date", "minutes", "imh_specific")):
        before = len(r.problems)
        title = r.text(t, "title", p, required=True)
        day = r.day(t, "date", p, True)
        minutes = r.get(t, "minutes", p, _whole_minutes, "must be a positive whole number", 0, True)
        specific = r.boolean(t, "imh_specific", p, required=True)
        areas = r.codes(t, "areas", p, codes.AREAS)
        provider = r.text(t, "provider", p)
        if len(r.problems) == before and day:
            yield Training(p, title, day, minutes, specific, areas, provider)


def _work(r: _Reader, doc: dict[str, Any]) -> Iterator[Work]:
    allowed = (
        "id",
        "role",
        "employer",
        "start",
        "end",
        "hours_per_week",
        "paid",
        "kind",
        "participants",
        "population",
        "services",
        "relationship_focused",
        "addresses_attachment_loss",
    )
    required = ("id", "start", "hours_per_week", "paid", "kind", "participants", "population")
    seen: set[str] = set()
    for p, w in _items(r, doc, "work", allowed, required):
        before = len(r.problems)
        ident = r.text(w, "id", p, required=True)
        if ident and ident in seen:
            r.fail(f"{p}/id", f"repeats the id {ident!r} of an earlier work entry")
        seen.add(ident)
        start = r.day(w, "start", p, True)
        end = r.day(w, "end", p)
        if start and end and end < start:
            r.fail(f"{p}/end", f"is before start ({start.isoformat()})")
        hours = r.get(w, "hours_per_week", p, _hours_per_week, "must be a number from 0 to 80", 0)
        paid = r.boolean(w, "paid", p, required=True)
        kind = r.code(w, "kind", p, codes.WORK_KINDS, True)
        participants = r.code(w, "participants", p, codes.PARTICIPANTS, True)
        prenatal, low, high = False, 0, 0
        if "population" in w:
            pop = r.obj(
                w["population"], f"{p}/population", ("prenatal", "min_months", "max_months")
            )
            if pop is not None:
                pp = f"{p}/population"
                for key in ("min_months", "max_months"):
                    if key not in pop:
                        r.fail(f"{pp}/{key}", "is required")
                prenatal = r.boolean(pop, "prenatal", pp)
                message = "must be a whole number of months from 0 to 216"
                low = r.get(pop, "min_months", pp, _age_months, message, None, True)
                high = r.get(pop, "max_months", pp, _age_months, message, None, True)
                if isinstance(low, int) and isinstance(high, int) and high < low:
                    r.fail(f"{pp}/max_months", f"is below min_months ({low})")
        services = r.codes(w, "services", p, codes.SERVICES)
        focused = r.boolean(w, "relationship_focused", p)
        attachment = r.boolean(w, "addresses_attachment_loss", p)
        role = r.text(w, "role", p)
        employer = r.text(w, "employer", p)
        if len(r.problems) == before and start and kind and participants:
            yield Work(
                pointer=p,
                id=ident,
                start=start,
                end=end,
                hours_per_week=float(hours),
                paid=paid,
                kind=kind,
                participants=participants,
                min_months=low,
                max_months=high,
                prenatal=prenatal,
                services=services,
                relationship_focused=focused,
                addresses_attachment_loss=attachment,
                role=role,
                employer=employer,
            )


def _providers(r: _Reader, doc: dict[str, Any]) -> Iterator[Provider]:
    seen: set[str] = set()
    allowed = ("id", "name", "degree", "endorsements")
    for p, pr in _items(r, doc, "rsc_providers", allowed, ("id", "name")):
        before = len(r.problems)
        ident = r.text(pr, "id", p, required=True)
        if ident and ident in seen:
            r.fail(f"{p}/id", f"repeats the id {ident!r} of an earlier RS/C provider")
        seen.add(ident)
        name = r.text(pr, "name", p, required=True)
        degree = r.code(pr, "degree", p, codes.LEVELS, False)
        held = []
        for i, raw in enumerate(r.array(pr, "endorsements", p)):
            ep = f"{p}/endorsements/{i}"
            e = r.obj(raw, ep, ("category", "from", "to"), ("category", "from"))
            if e is None:
                continue
            category = r.code(e, "category", ep, codes.CATEGORIES, True)
            start = r.day(e, "from", ep, True)
            end = r.day(e, "to", ep)
            if start and end and end < start:
                r.fail(f"{ep}/to", f"is before from ({start.isoformat()})")
            if category and start:
                held.append(HeldPeriod(category, start, end))
        if len(r.problems) == before:
            yield Provider(p, ident, name, degree, tuple(held))


def _rsc(
    r: _Reader, doc: dict[str, Any], work_ids: set[str], provider_ids: set[str]
) -> Iterator[RscSession]:
    allowed = ("date", "minutes", "format", "provider", "work")
    for p, s in _items(r, doc, "rsc", allowed, ("date", "minutes", "format", "provider")):
        before = len(r.problems)
        day = r.day(s, "date", p, True)
        minutes = r.get(s, "minutes", p, _whole_minutes, "must be a positive whole number", 0, True)
        fmt = r.code(s, "format", p, codes.RSC_FORMATS, True)
        provider = r.text(s, "provider", p, required=True)
        if provider and provider not in provider_ids:
            r.fail(f"{p}/provider", f"names no entry of rsc_providers ({provider!r})")
        work = r.text(s, "work", p) or None
        if "work" in s and work is not None and work not in work_ids:
            r.fail(f"{p}/work", f"names no entry of work ({work!r})")
        if len(r.problems) == before and day and fmt:
            yield RscSession(p, day, minutes, fmt, provider, work)


def _references(r: _Reader, doc: dict[str, Any]) -> Iterator[Reference]:
    for p, ref in _items(
        r, doc, "references", ("name", "role", "status", "date"), ("role", "status")
    ):
        before = len(r.problems)
        role = r.code(ref, "role", p, codes.REFERENCE_ROLES, True)
        status = r.code(ref, "status", p, codes.REFERENCE_STATUSES, True)
        day = r.day(ref, "date", p)
        name = r.text(ref, "name", p)
        if len(r.problems) == before and role and status:
            yield Reference(p, role, status, day, name)


def _exams(r: _Reader, doc: dict[str, Any]) -> Iterator[ExamResult]:
    required = ("category", "date", "result")
    for p, e in _items(r, doc, "exams", required, required):
        before = len(r.problems)
        category = r.code(e, "category", p, codes.CATEGORIES, True)
        day = r.day(e, "date", p, True)
        result = r.code(e, "result", p, codes.EXAM_RESULTS, True)
        if len(r.problems) == before and category and day and result:
            yield ExamResult(p, category, day, result)


def _endorsements(r: _Reader, doc: dict[str, Any]) -> Iterator[Endorsement]:
    required = ("category", "granted", "expires")
    for p, e in _items(r, doc, "endorsements", required, required):
        before = len(r.problems)
        category = r.code(e, "category", p, codes.CATEGORIES, True)
        granted = r.day(e, "granted", p, True)
        expires = r.day(e, "expires", p, True)
        if granted and expires and expires < granted:
            r.fail(f"{p}/expires", f"is before granted ({granted.isoformat()})")
        if len(r.problems) == before and category and granted and expires:
            yield Endorsement(p, category, granted, expires)
