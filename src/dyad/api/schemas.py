"""What the API's endpoints send and accept (pydantic schemas, in the OpenAPI document)."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema
from pydantic import StrictBool


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str | None = None
    field: str | None = None
    errors: list[dict[str, Any]] | None = None


class AssociationRef(Schema):
    slug: str
    name: str


class HistoryItem(Schema):
    date: date
    text: str


class Verification(Schema):
    number: str
    holder_name: str
    category: str
    association: AssociationRef
    status: str = Field(description="active, grace, lapsed or revoked")
    in_force: bool
    status_text: str
    granted: date
    expires: date
    revoked_on: date | None = None
    revocation_reason: str = ""
    history: list[HistoryItem]


class RegistryRow(Schema):
    number: str
    holder_name: str
    category: str
    granted: date
    expires: date
    county: str
    state: str
    association: AssociationRef


class RegistryPage(Schema):
    items: list[RegistryRow]
    next_cursor: str | None = None


class RuleOut(Schema):
    rule: str
    params: dict[str, Any]


class CategoryOut(Schema):
    code: str
    name: str
    exam: bool
    equivalent: str | None = None
    application: list[RuleOut]
    renewal: list[RuleOut]


class RequirementSetOut(Schema):
    association: str
    id: str
    version: int
    standard: str
    title: str
    category: CategoryOut


class EndorsementOut(Schema):
    number: str
    holder_name: str
    person_id: int | None = None
    category: str
    status: str = Field(description="active, grace, lapsed or revoked (by today's date)")
    in_force: bool
    granted: date
    expires: date
    county: str
    state: str
    requirement_set: str
    requirement_set_version: int | None = None


class EndorsementDetail(EndorsementOut):
    status_text: str
    history: list[HistoryItem]


class EndorsementPage(Schema):
    items: list[EndorsementOut]
    next_cursor: str | None = None


class WorkplaceIn(Schema):
    county: str | None = Field(None, max_length=100)
    state: str | None = Field(None, max_length=2)


class PersonOut(Schema):
    id: int
    name: str
    email: str
    endorsements: list[str]
    applications: list[int]


class PersonPage(Schema):
    items: list[PersonOut]
    next_cursor: str | None = None


class ApplicationOut(Schema):
    id: int
    person_id: int
    person_name: str
    category: str
    state: str
    state_text: str
    requirement_set: str
    requirement_set_version: int
    started_at: datetime
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    endorsement: str | None = None


class TimelineItem(Schema):
    at: datetime
    event: str
    text: str


class ApplicationDetail(ApplicationOut):
    timeline: list[TimelineItem]


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    next_cursor: str | None = None


class RenewalDue(EndorsementOut):
    days_left: int


class RenewalPage(Schema):
    items: list[RenewalDue]
    next_cursor: str | None = None


class Index(Schema):
    name: str
    version: str
    openapi: str
    docs: str


class MembershipRow(Schema):
    email: str = Field(..., max_length=254)
    expires: str = Field(..., max_length=10, description="YYYY-MM-DD")


class MembershipsIn(Schema):
    rows: list[MembershipRow] = Field(..., max_length=10_000)
    # strict: `"dry_run": 0` must not quietly become a save
    dry_run: StrictBool = Field(
        True, description="true: say what would change and save nothing (the default)"
    )


class MembershipCounts(Schema):
    created: int
    updated: int
    unchanged: int
    errors: int


class MembershipStep(Schema):
    row: int
    action: str
    label: str
    changes: list[str]


class RowProblem(Schema):
    row: int
    column: str
    message: str


class MembershipsOut(Schema):
    dry_run: bool
    saved: bool
    counts: MembershipCounts
    steps: list[MembershipStep]
    errors: list[RowProblem]
