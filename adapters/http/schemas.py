"""Request and response bodies: ``XCreate`` / ``XUpdate`` in, ``XPublic`` out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Generic, TypeVar
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from application import views
from domain import limits
from domain.values import BillingMode, CentreType, Role, Sex

T = TypeVar("T")
Text = Annotated[str, Field(max_length=limits.NAME)]
OptionalText = Annotated[str | None, Field(default=None, max_length=limits.NAME)]
ExtraTime = Annotated[
    str | float,
    Field(description='A ratio (0.33) or a percentage ("33%"); 0 ≤ ratio < 10', examples=["33%"]),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PartialUpdate(Strict):
    """Only the fields sent are changed; ``null`` clears a field that may be empty."""

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required(self) -> PartialUpdate:
        for name in self.model_fields_set:
            if getattr(self, name) is None and name not in self.NULLABLE:
                raise ValueError(f"{name} cannot be null")
        return self

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}


class LoginRequest(Strict):
    email: Text
    password: Annotated[str, Field(max_length=limits.PASSWORD)]


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    account_id: UUID


class AccountPublic(BaseModel):
    id: UUID
    email: str
    display_name: str
    role: Role
    centre_ids: list[UUID]


class WindowSchema(Strict):
    label: Text
    first_day: dt.date
    last_day: dt.date


class CentreCreate(Strict):
    name: Text
    type: CentreType
    national_code: Annotated[str, Field(max_length=32)]
    timezone: Text = "Europe/Paris"
    administrator_email: OptionalText = Field(
        default=None, description="Invited to administer the centre once it is registered"
    )


class CentreEntryPublic(BaseModel):
    """A centre in the directory: enough to find its sessions."""

    id: UUID
    name: str
    national_code: str


class CentrePublic(BaseModel):
    id: UUID
    version: int
    name: str
    type: CentreType
    national_code: str
    timezone: str
    administrator_ids: list[UUID]
    windows: list[WindowSchema]
    session_count: int
    invited: list[str] = Field(description="Addresses invited to administer it, not answered yet")

    @classmethod
    def of(cls, view: views.CentreView) -> CentrePublic:
        windows = [
            WindowSchema(label=w.label, first_day=w.first_day, last_day=w.last_day)
            for w in view.windows
        ]
        return cls(
            id=view.id,
            version=view.version,
            name=view.name,
            type=view.centre_type,
            national_code=view.national_code,
            timezone=view.timezone,
            administrator_ids=view.administrator_ids,
            windows=windows,
            invited=view.invited,
            session_count=view.session_count,
        )


class WindowsUpdate(Strict):
    windows: Annotated[list[WindowSchema], Field(max_length=20)]


class SessionCreate(Strict):
    site: Text
    room: Text
    examiner: Text
    date: dt.date
    start_time: dt.time
    observations: Annotated[str | None, Field(default=None, max_length=limits.OBSERVATIONS)] = None


class SessionUpdate(PartialUpdate):
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"observations"})
    site: OptionalText = None
    room: OptionalText = None
    examiner: OptionalText = None
    date: dt.date | None = None
    start_time: dt.time | None = None
    observations: Annotated[str | None, Field(default=None, max_length=limits.OBSERVATIONS)] = None


class SessionPublic(BaseModel):
    id: UUID
    number: int | None = Field(
        description="The short number read aloud and printed (null if created before numbers)"
    )
    version: int
    centre_id: UUID
    site: str
    room: str
    examiner: str
    date: dt.date
    start_time: str
    end_time: str
    observations: str
    access_code: str
    status: str
    candidate_count: int
    created_at: dt.datetime

    @classmethod
    def of(cls, view: views.SessionView) -> SessionPublic:
        fields = {k: v for k, v in view.__dict__.items() if k not in ("start_time", "end_time")}
        return cls(
            **fields,
            start_time=view.start_time.strftime("%H:%M"),
            end_time=view.end_time.strftime("%H:%M"),
        )


class SessionCreatedPublic(SessionPublic):
    invigilator_password: str = Field(description="Shown this once: it is stored hashed")


class InvigilatorPasswordPublic(BaseModel):
    session_id: UUID
    version: int
    invigilator_password: str = Field(description="Shown this once: it is stored hashed")


class CandidateFields(Strict):
    sex: Sex | None = None
    birth_country: OptionalText = None
    birth_insee_code: OptionalText = None
    birth_postal_code: OptionalText = None
    birth_city: OptionalText = None
    external_id: OptionalText = None
    division: OptionalText = None
    convocation_email: OptionalText = None
    results_email: OptionalText = None
    billing_mode: BillingMode | None = None


class CandidateCreate(CandidateFields):
    last_name: Text
    first_name: Text
    birthdate: dt.date
    accessibility_adjustment: bool = False
    extra_time: ExtraTime | None = None


class CandidateUpdate(CandidateFields, PartialUpdate):
    NULLABLE: ClassVar[frozenset[str]] = frozenset(CandidateFields.model_fields)
    last_name: OptionalText = None
    first_name: OptionalText = None
    birthdate: dt.date | None = None
    accessibility_adjustment: bool | None = None


class ErasureRequest(Strict):
    reason: Annotated[
        str,
        Field(
            min_length=1,
            max_length=limits.REASON,
            description="Why the data is erased (kept in the audit; do not name the pupil)",
        ),
    ]


class ExtraTimeUpdate(Strict):
    extra_time: ExtraTime


class BirthPlacePublic(BaseModel):
    country: str
    insee_code: str | None
    postal_code: str | None
    city: str | None


class CandidatePublic(BaseModel):
    id: UUID
    version: int
    session_id: UUID
    last_name: str
    first_name: str
    birthdate: dt.date | None = Field(description="null once the personal data is erased")
    sex: Sex | None
    birth_place: BirthPlacePublic | None
    external_id: str | None
    division: str | None
    convocation_email: str | None
    results_email: str | None
    extra_time: float = Field(description="A ratio: 0.33 is 33 % more time")
    extra_time_percent: str
    billing_mode: BillingMode | None
    accessibility_adjustment: bool
    erased: bool = Field(
        description="The personal data was erased: names read [effacé], the rest is empty"
    )

    @classmethod
    def of(cls, view: views.CandidateView) -> CandidatePublic:
        fields = {k: v for k, v in view.__dict__.items() if k not in ("extra_time", "birth_place")}
        place = view.birth_place
        return cls(
            **fields,
            birth_place=BirthPlacePublic(**place.__dict__) if place else None,
            extra_time=float(view.extra_time),
            extra_time_percent=percent(view.extra_time),
        )


def percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f} %"


class PagePublic(BaseModel, Generic[T]):
    items: list[T]
    page: int
    page_size: int
    total: int
