"""Portfolio facts: plain, frozen values the engine reads.

Built from a portfolio file (`portfolio_file.load_portfolio`) or from the database by the
portfolios app. Each entry carries `ref`, an opaque name given by whoever builds it (the JSON
pointer `/rsc/3` for a file, `rsc_session:812` for a database row): findings cite refs, so a frozen
assessment never points at the wrong entry after rows are deleted or reordered. Build a Portfolio
with `Portfolio.build(...)`, which makes the provider index once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Education:
    ref: str
    level: str
    completed: date
    field: str = ""
    related_field: bool = False
    imh_certificate: bool = False
    institution: str = ""


@dataclass(frozen=True, slots=True)
class Training:
    ref: str
    title: str
    date: date
    minutes: int
    imh_specific: bool
    areas: tuple[str, ...] = ()
    provider: str = ""


@dataclass(frozen=True, slots=True)
class Work:
    ref: str
    id: str
    start: date
    end: date | None
    hours_per_week: float
    paid: bool
    kind: str
    participants: str
    min_months: int
    max_months: int
    prenatal: bool = False
    services: tuple[str, ...] = ()
    relationship_focused: bool = False
    addresses_attachment_loss: bool = False
    role: str = ""
    employer: str = ""


@dataclass(frozen=True, slots=True)
class HeldPeriod:
    """An endorsement a RS/C provider holds, from `start` to `end` (open when None)."""

    category: str
    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Provider:
    ref: str
    id: str
    name: str
    degree: str | None = None
    endorsements: tuple[HeldPeriod, ...] = ()


@dataclass(frozen=True, slots=True)
class RscSession:
    ref: str
    date: date
    minutes: int
    format: str
    provider: str
    work: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    ref: str
    role: str
    status: str
    date: date | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class ExamResult:
    ref: str
    category: str
    date: date
    result: str


@dataclass(frozen=True, slots=True)
class Endorsement:
    ref: str
    category: str
    granted: date
    expires: date


@dataclass(frozen=True, slots=True)
class Agreement:
    """A signed agreement: `document` is `code_of_ethics` or `endorsement_agreement`."""

    ref: str
    document: str
    signed: date


@dataclass(frozen=True, slots=True)
class Membership:
    ref: str
    expires: date
    association: str = ""


@dataclass(frozen=True, slots=True)
class Portfolio:
    name: str
    email: str = ""
    education: tuple[Education, ...] = ()
    training: tuple[Training, ...] = ()
    work: tuple[Work, ...] = ()
    providers: tuple[Provider, ...] = ()
    rsc: tuple[RscSession, ...] = ()
    references: tuple[Reference, ...] = ()
    exams: tuple[ExamResult, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    membership: Membership | None = None
    endorsements: tuple[Endorsement, ...] = ()
    #: providers by id, made once by `build` (a read-only mapping)
    providers_by_id: Mapping[str, Provider] = field(
        default_factory=lambda: _EMPTY, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        index = self.providers_by_id
        if len(index) != len(self.providers) or any(
            index.get(p.id) is not p for p in self.providers
        ):
            raise ValueError("make a Portfolio with Portfolio.build(), which indexes the providers")

    @classmethod
    def build(cls, **fields: Any) -> Portfolio:
        """A Portfolio with its provider index; the one way to make one."""
        providers = fields.get("providers", ())
        fields["providers_by_id"] = MappingProxyType({p.id: p for p in providers})
        return cls(**fields)

    def signed(self, document: str) -> Agreement | None:
        for a in self.agreements:
            if a.document == document:
                return a
        return None
