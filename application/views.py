"""Plain data returned by queries and commands: never an aggregate."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Generic, TypeVar
from uuid import UUID

from domain.values import BillingMode, BirthPlace, CentreType, CertificationWindow, Role, Sex

T = TypeVar("T")


@dataclass(frozen=True)
class Receipt:
    """What a command answers: the aggregate it changed, its new version, and
    the position of the last event in the store (for read-your-writes)."""

    id: UUID
    version: int
    position: int


@dataclass(frozen=True)
class SessionReceipt(Receipt):
    access_code: str
    invigilator_password: str


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    page_size: int
    total: int


@dataclass(frozen=True)
class AccountView:
    id: UUID
    email: str
    display_name: str
    role: Role
    centre_ids: list[UUID]


@dataclass(frozen=True)
class CentreView:
    id: UUID
    version: int
    name: str
    centre_type: CentreType
    national_code: str
    timezone: str
    administrator_ids: list[UUID]
    windows: list[CertificationWindow]
    session_count: int
    invited: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SessionView:
    id: UUID
    number: int | None  # None for the sessions created before numbers
    version: int
    centre_id: UUID
    site: str
    room: str
    examiner: str
    date: date
    start_time: time
    end_time: time
    observations: str
    access_code: str
    status: str
    candidate_count: int
    created_at: datetime


@dataclass(frozen=True)
class CandidateView:
    id: UUID
    version: int
    session_id: UUID
    last_name: str
    first_name: str
    birthdate: date | None
    sex: Sex | None
    birth_place: BirthPlace | None
    external_id: str | None
    division: str | None
    convocation_email: str | None
    results_email: str | None
    extra_time: Decimal
    billing_mode: BillingMode | None
    accessibility_adjustment: bool
    erased: bool = False


@dataclass(frozen=True)
class CandidateReceipt(Receipt):
    """A command on a candidate answers the candidate as it left it, so that
    its caller has no need to load it again."""

    candidate: CandidateView
