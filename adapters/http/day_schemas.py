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


class IncidentPublic(BaseModel):
    category: str = Field(examples=["C7", "E4"])
    candidate_id: UUID | None
    description: str
    question_number: int | None
    at: dt.datetime = Field(description="When it was reported")


class FraudPublic(BaseModel):
    candidate_id: UUID
    observed: str
    witnesses: str
    measures: str
    at: dt.datetime = Field(description="When it was reported")


CandidateState = Literal["enrolled", "joined", "authorised", "in_test", "ended", "completed"]
Alert = Literal[
    "past_theoretical_end", "asked_for_help", "not_certifiable", "another_account_tried_to_join"
]


class DayCandidatePublic(BaseModel):
    """A candidate on the day of the session."""

    candidate_id: UUID
    session_id: UUID
    last_name: str
    first_name: str
    division: str | None
    state: CandidateState
    extra_time: str = Field(description='A ratio in decimal digits: "0.33" is 33 % more time')
    started_at: dt.datetime | None = Field(description="When the test started; null before")
    help_requested: bool = Field(description="Asking for help now")
    certifiable: bool | None = Field(description="As judged when joining; null before joining")
    another_account_tried: bool = Field(
        False, description="Another pupil account tried to join as this candidate"
    )


class WorkspaceCandidatePublic(DayCandidatePublic):
    theoretical_end: dt.datetime | None = Field(
        description="Start + test time, extra time counted; null before the start"
    )
    alerts: list[Alert]


class WorkspacePublic(BaseModel):
    """The invigilator's view of the session: candidates by name, with alerts."""

    session_id: UUID
    number: int | None = Field(description="null for a session created before numbers")
    invigilators: list[str] = Field(description="The names of the invigilators, one each")
    started_at: dt.datetime | None = Field(description="When the session started; null before")
    incidents: list[IncidentPublic]
    frauds: list[FraudPublic]
    finalised: bool
    candidates: list[WorkspaceCandidatePublic] = Field(description="Sorted by last name")
    now: dt.datetime = Field(description="The moment the alerts were computed at")


class FinalisationFormPublic(BaseModel):
    """The data of the finalisation form: who started, completed or was absent, and reports."""

    session_id: UUID
    completed: list[DayCandidatePublic] = Field(description="Started and completed the test")
    needs_abort_reason: list[DayCandidatePublic] = Field(
        description="Started without completing: each needs an abort reason"
    )
    absent: list[DayCandidatePublic] = Field(description="Never started")
    incidents: list[IncidentPublic]
    frauds: list[FraudPublic]
    finalised: bool
