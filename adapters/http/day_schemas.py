"""Bodies of the day of the session and after: workspace, joining, reports,
finalisation, review and results."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field, model_validator

from adapters.http.schemas import ExtraTime, Strict, Text
from domain import limits

LongText = Annotated[str, Field(max_length=limits.REPORT_TEXT)]


class InvigilatorSignIn(Strict):
    """The session by its number (as printed on its papers) or by its id."""

    session_number: int | None = Field(default=None, examples=[4512])
    session_id: UUID | None = None
    password: Annotated[str, Field(max_length=limits.PASSWORD)]

    @model_validator(mode="after")
    def _one_session(self) -> InvigilatorSignIn:
        if (self.session_number is None) == (self.session_id is None):
            raise ValueError("give either session_number or session_id")
        return self

    @property
    def session(self) -> UUID | int:
        return self.session_id if self.session_id is not None else self.session_number or 0


class ScopedToken(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    session_id: UUID
    session_number: int | None = Field(description="null for a session created before numbers")


class InvigilatorsUpdate(Strict):
    names: Annotated[
        list[Text], Field(max_length=limits.INVIGILATORS, description="One entry per invigilator")
    ]


class IncidentCreate(Strict):
    category: Annotated[str, Field(max_length=4, examples=["C7", "E4"])]
    candidate_id: UUID | None = None
    description: Annotated[str | None, Field(max_length=limits.REPORT_TEXT)] = None
    question_number: int | None = Field(default=None, ge=1, le=500)


class FraudCreate(Strict):
    candidate_id: UUID
    observed: LongText
    witnesses: LongText = ""
    measures: LongText = ""


class ExtraTimeNote(Strict):
    extra_time: ExtraTime


class JoinRequest(Strict):
    access_code: Annotated[str, Field(max_length=limits.ACCESS_CODE)]
    last_name: Text
    first_name: Text
    birthdate: dt.date
    pupil_account: Annotated[
        str, Field(max_length=limits.NAME, description="The pupil's account id")
    ]


class JoinedPublic(BaseModel):
    candidate_id: UUID
    session_id: UUID
    certifiable: bool
    access_token: str
    token_type: str = "bearer"


class CandidateOutcome(Strict):
    candidate_id: UUID
    abort_reason: Literal["candidate", "technical"] | None = None
    comment: Annotated[str, Field(max_length=limits.COMMENT)] = ""


class FinalisationCreate(Strict):
    comment: Annotated[str, Field(max_length=limits.COMMENT)] = ""
    had_incident: bool
    joining_issues: bool
    candidates: Annotated[
        list[CandidateOutcome], Field(default_factory=list, max_length=limits.CANDIDATE_OUTCOMES)
    ]


class ReviewComment(Strict):
    comment: Annotated[str, Field(max_length=limits.COMMENT)]


class Cancellation(Strict):
    candidate_id: UUID
    reason: Annotated[str, Field(max_length=limits.COMMENT)]


class ResultCreate(Strict):
    certified: bool
    score: int = Field(ge=0, le=1024)
    levels: Annotated[
        dict[Annotated[str, Field(max_length=8)], int], Field(default_factory=dict, max_length=16)
    ]


class NoticePublic(BaseModel):
    candidate_id: UUID
    email: str
    certified: bool


class PublicationPublic(BaseModel):
    session_id: UUID
    version: int
    status: str
    notices: list[NoticePublic]


class Done(BaseModel):
    """What a command of the day answers: what changed, its version and position."""

    id: UUID
    version: int
    position: int
