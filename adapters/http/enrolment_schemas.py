"""Bodies of the roster, enrolment and candidate-list routes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from adapters.http.schemas import CandidatePublic, Strict, percent
from adapters.imports.wording import with_french
from application import candidate_lists, enrolment, rosters
from domain import limits


class RosterReportPublic(BaseModel):
    listed: int = Field(description="Pupils new to the roster")
    changed: int
    unchanged: int
    gone: int = Field(description="Pupils missing from this file: marked gone, kept")
    returned: int
    skipped_left: int = Field(description="Rows of pupils with a leaving date")
    skipped_without_class: int
    skipped_erased: int = Field(description="Rows of pupils whose data was erased")
    recorded: bool = Field(description="False when the file changed nothing")
    position: int
    warnings: list[RowProblemPublic] = Field(
        description="Rows imported with a remark (an INE of an unusual form)"
    )

    @classmethod
    def of(cls, report: rosters.RosterReport) -> RosterReportPublic:
        fields = report.__dict__ | {"warnings": with_french(list(report.warnings))}
        return cls(**fields)


class PupilPublic(BaseModel):
    id: UUID
    version: int
    last_name: str
    usage_name: str | None
    first_name: str
    birthdate: dt.date | None
    sex: str | None
    division: str | None
    gone: bool
    erased: bool
    sessions: list[UUID] = Field(description="The sessions the pupil was enrolled into")

    @classmethod
    def of(cls, view: rosters.PupilView) -> PupilPublic:
        return cls(**(view.__dict__ | {"sessions": list(view.sessions)}))


class EnrolmentCreate(Strict):
    """Either the pupils, or a class of the roster."""

    pupil_ids: list[UUID] | None = Field(default=None, max_length=2000)
    division: str | None = Field(default=None, max_length=limits.NAME)


class EnrolmentPublic(BaseModel):
    enrolled: list[UUID] = Field(description="The new candidates")
    already_enrolled: list[UUID] = Field(description="Pupils skipped: already in the session")
    position: int

    @classmethod
    def of(cls, report: enrolment.EnrolmentReport) -> EnrolmentPublic:
        return cls(
            enrolled=list(report.enrolled),
            already_enrolled=list(report.already_enrolled),
            position=report.position,
        )


class RowProblemPublic(BaseModel):
    row: int | None = Field(description="The line in the file (the header is 1); 0: the file")
    field: str | None
    rule: str
    message: str
    message_fr: str
    value: str | None = None


class PlannedRowPublic(BaseModel):
    line: int
    candidate_id: UUID | None
    last_name: str
    first_name: str
    birthdate: dt.date
    extra_time_percent: str

    @classmethod
    def of(cls, planned: candidate_lists.PlannedCandidate) -> PlannedRowPublic:
        given = planned.given
        return cls(
            line=planned.line,
            candidate_id=planned.candidate_id,
            last_name=given.last_name,
            first_name=given.first_name,
            birthdate=given.birthdate,
            extra_time_percent=percent(planned.extra_time),
        )


class CandidateListPlanPublic(BaseModel):
    """What the file would do; send the same file with ``token`` to apply it."""

    session_version: int
    token: str
    additions: list[PlannedRowPublic]
    changes: list[PlannedRowPublic]
    removals: list[CandidatePublic]
    unchanged: int
    problems: list[RowProblemPublic]

    @classmethod
    def of(
        cls, plan: candidate_lists.CandidateListPlan, problems: list[dict[str, Any]]
    ) -> CandidateListPlanPublic:
        return cls(
            session_version=plan.session_version,
            token=plan.token,
            additions=[PlannedRowPublic.of(a) for a in plan.additions],
            changes=[PlannedRowPublic.of(c) for c in plan.changes],
            removals=[CandidatePublic.of(r) for r in plan.removals],
            unchanged=plan.unchanged,
            problems=[RowProblemPublic(**p) for p in problems],
        )


class CandidateListResultPublic(BaseModel):
    added: list[UUID]
    changed: list[UUID]
    removed: list[UUID]
    position: int

    @classmethod
    def of(cls, result: candidate_lists.CandidateListResult) -> CandidateListResultPublic:
        return cls(
            added=list(result.added),
            changed=list(result.changed),
            removed=list(result.removed),
            position=result.position,
        )
