"""Portfolio facts: plain, frozen values the engine reads.

Built from a portfolio file (`portfolio_file.load_portfolio`) or, later, from the database by the
portfolios app. Each entry carries `pointer`, the JSON pointer that names it in findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Education:
    pointer: str
    level: str
    completed: date
    field: str = ""
    related_field: bool = False
    imh_certificate: bool = False
    institution: str = ""


@dataclass(frozen=True, slots=True)
class Training:
    pointer: str
    title: str
    date: date
    minutes: int
    imh_specific: bool
    areas: tuple[str, ...] = ()
    provider: str = ""


@dataclass(frozen=True, slots=True)
class Work:
    pointer: str
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
    pointer: str
    id: str
    name: str
    degree: str | None = None
    endorsements: tuple[HeldPeriod, ...] = ()


@dataclass(frozen=True, slots=True)
class RscSession:
    pointer: str
    date: date
    minutes: int
    format: str
    provider: str
    work: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    pointer: str
    role: str
    status: str
    date: date | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class ExamResult:
    pointer: str
    category: str
    date: date
    result: str


@dataclass(frozen=True, slots=True)
class Endorsement:
    pointer: str
    category: str
    granted: date
    expires: date


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
    code_of_ethics: date | None = None
    endorsement_agreement: date | None = None
    membership_expires: date | None = None
    membership_association: str = ""
    endorsements: tuple[Endorsement, ...] = ()
    providers_by_id: dict[str, Provider] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.providers_by_id and self.providers:
            self.providers_by_id.update({p.id: p for p in self.providers})
