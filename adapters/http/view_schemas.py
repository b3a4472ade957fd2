"""Bodies of the eligibility, profile and rule endpoints, and of the read models."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from adapters.http.schemas import CentreEntryPublic, Strict, Text
from domain import limits


class ProfileCreate(Strict):
    last_name: Text
    first_name: Text
    birthdate: dt.date
    campaign: Annotated[str, Field(max_length=limits.CAMPAIGN)]
    captured_at: dt.datetime = Field(description="When the campaign captured it, with a time zone")
    pix: Annotated[
        dict[Annotated[str, Field(max_length=8)], int],
        Field(max_length=16, description="Pix per competence code (1.1 … 5.2); missing = 0"),
    ]


class Recorded(BaseModel):
    id: str | None = None
    version: int | None = None
    recorded: int
    position: int


class RuleChange(Strict):
    min_competences: int = Field(ge=1, le=16)
    min_level: int = Field(default=1, ge=1, le=8)
    effective_from: dt.date
    reason: Annotated[str, Field(max_length=limits.REASON)]


class RuleProposal(Strict):
    min_competences: int = Field(ge=1, le=16)
    min_level: int = Field(default=1, ge=1, le=8)


class RuleVersionPublic(BaseModel):
    version: int
    min_competences: int
    min_level: int
    effective_from: dt.date
    reason: str
    changed_by: str | None
    changed_at: dt.datetime | None


class RulePublic(BaseModel):
    in_force: RuleVersionPublic
    versions: list[RuleVersionPublic]


class RebuildPublic(BaseModel):
    """A new generation being filled beside the one that is read."""

    generation: int
    position: int
    head: int
    percent: float
    events_per_second: float | None = Field(
        None, description="Over the last half-minute this server saw it move"
    )
    seconds_left: float | None = None


class ProjectionStatusPublic(BaseModel):
    name: str
    generation: int
    position: int
    head: int
    lag: int
    rule_version: int
    rebuilding: bool
    error: str | None = None
    rebuild: RebuildPublic | None = None


class CapturePublic(BaseModel):
    """The capture of the pupil's profile that a verdict was computed from."""

    campaign: str
    captured_at: dt.datetime = Field(description="When the campaign captured it")
    position: int = Field(description="Position of the capture's event in the store's log")


class CandidateEligibilityPublic(BaseModel):
    """A candidate's positioned competences and verdict under one rule version."""

    candidate_id: UUID
    session_id: UUID
    centre_id: UUID
    pupil_key: str | None = Field(
        description="Pseudonym that links the candidate to a pupil's profile; null once erased"
    )
    last_name: str
    first_name: str
    division: str | None
    levels: dict[str, int] | None = Field(
        description="Level per competence code (1.1 … 5.2) of the capture; null without a profile"
    )
    positioned: int = Field(description="Competences at the rule's minimum level or more")
    certifiable: bool
    capture: CapturePublic | None = Field(description="null: no profile recorded for the pupil")
    reason: str | None = Field(description="Why not certifiable yet; null when certifiable")
    rule_version: int = Field(description="The rule version the verdict was computed under")


class SessionEligibilityPublic(BaseModel):
    session_id: UUID
    enrolled: int
    certifiable: int
    not_yet_certifiable: list[CandidateEligibilityPublic] = Field(
        description="The candidates not certifiable yet, sorted by name, with the reason"
    )
    rule_version: int = Field(description="The rule version the eligibility view is built with")


class SessionCountsPublic(BaseModel):
    session_id: UUID
    enrolled: int
    certifiable: int
    rule_version: int


class CentreEligibilityPublic(BaseModel):
    centre_id: UUID
    enrolled: int = Field(description="Candidates of all the centre's sessions")
    certifiable: int
    sessions: list[SessionCountsPublic]
    rule_version: int = Field(description="The rule version the eligibility view is built with")


class ChangedCandidatePublic(BaseModel):
    """A candidate whose eligibility a proposed rule would change."""

    candidate_id: UUID
    last_name: str
    first_name: str
    certifiable_now: bool
    certifiable_then: bool = Field(description="Under the proposed rule")
    positioned_then: int = Field(description="Competences positioned under the proposed rule")


class PreviewSessionPublic(BaseModel):
    session_id: UUID
    candidates: list[ChangedCandidatePublic]


class PreviewCentrePublic(BaseModel):
    centre_id: UUID
    sessions: list[PreviewSessionPublic]


class RulePreviewPublic(BaseModel):
    """What a proposed rule would change; nothing is changed."""

    proposed: str = Field(description="The proposed rule, in words")
    changed: int = Field(description="How many candidates' eligibility would change")
    centres: list[PreviewCentrePublic]


class SessionRowPublic(BaseModel):
    """A session as its read model holds it: details, status and the counts of
    its preparation (facts not reached yet read as false or 0)."""

    id: UUID
    number: int | None = Field(description="null for a session created before numbers")
    centre_id: UUID
    status: str
    site: str
    room: str
    examiner: str
    date: dt.date
    start_time: str = Field(description="HH:MM, the centre's local time")
    end_time: str = Field(description="HH:MM, the theoretical end without extra time")
    observations: str
    access_code: str
    enrolled: int
    deleted: bool
    sheet_downloads: int = Field(description="How often the attendance sheet was downloaded")
    convocations_sent: int = Field(description="Candidates still enrolled who were convoked")
    invigilators: int = Field(0, description="How many invigilators are named")
    started: bool = False
    finalised: bool = False
    commented: bool = Field(False, description="The finalisation carries a comment")
    needs_action: bool = Field(False, description="A report asks the reviewers to act")
    review_completed: bool = False
    published: bool = False


class SessionOverviewPublic(SessionRowPublic):
    certifiable: int
    not_yet_certifiable: int = Field(description="How many candidates are not certifiable yet")


class SheetCentrePublic(CentreEntryPublic):
    timezone: str


class SheetRowPublic(BaseModel):
    """A candidate's line on the printed sheet: no email, no birth place."""

    candidate_id: UUID
    session_id: UUID
    last_name: str
    first_name: str
    birthdate: str = Field(description="DD/MM/YYYY as printed, or [effacé] once erased")
    division: str | None
    external_id: str | None
    extra_time: str = Field(description='A ratio in decimal digits: "0.33" is 33 % more time')


class AttendanceSheetPublic(BaseModel):
    centre: SheetCentrePublic
    session: SessionRowPublic
    rows: list[SheetRowPublic] = Field(description="Sorted by last name, then first name")


Step = Literal[
    "candidates_enrolled",
    "all_certifiable",
    "invigilators_named",
    "attendance_sheet_downloaded",
    "convocations_sent",
]


class ReadinessStepPublic(BaseModel):
    step: Step
    done: bool
    detail: str = Field(description="What the step's state is made of, in words")


class ReadinessPublic(BaseModel):
    session_id: UUID
    ready: bool = Field(description="Every step is done")
    steps: list[ReadinessStepPublic]
