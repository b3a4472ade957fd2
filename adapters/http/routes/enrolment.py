"""A school's roster, enrolment by class, and the candidate-list template of a session."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, File, Form, Query, Response, UploadFile

from adapters.documents.candidate_template import template_csv, template_ods
from adapters.http.deps import Actor, App, SessionId
from adapters.http.enrolment_schemas import (
    CandidateListPlanPublic,
    CandidateListResultPublic,
    EnrolmentCreate,
    EnrolmentPublic,
    PupilPublic,
    RosterReportPublic,
)
from adapters.http.schemas import ErasureRequest
from adapters.imports.reading import roster_from, rows_in_french, template_from
from adapters.imports.wording import with_french
from domain import errors

router = APIRouter(tags=["enrolment"])
Upload = Annotated[UploadFile, File(description="The file, as the school's software wrote it")]
ODS = "application/vnd.oasis.opendocument.spreadsheet"


@router.post("/centres/{centre_id}/roster", response_model=RosterReportPublic)
def import_roster(centre_id: UUID, file: Upload, app: App, actor: Actor) -> RosterReportPublic:
    """Import the pupil roster: SIECLE XML (or its ZIP), its CSV, or CSV / ODS / XLSX."""
    roster = roster_from(file.file.read(), file.filename or "")
    with rows_in_french():
        return RosterReportPublic.of(app.import_roster(actor, centre_id, roster))


@router.get("/centres/{centre_id}/pupils", response_model=list[PupilPublic])
def list_pupils(
    centre_id: UUID,
    app: App,
    actor: Actor,
    division: Annotated[str | None, Query(max_length=255)] = None,
    search: Annotated[str | None, Query(max_length=100)] = None,
    gone: bool = False,
) -> list[PupilPublic]:
    """The roster's pupils, by name; filter by class, search the names, or show who left."""
    found = app.list_pupils(actor, centre_id, division=division, search=search, gone_too=gone)
    return [PupilPublic.of(view) for view in found]


@router.get("/centres/{centre_id}/divisions", response_model=list[str])
def list_divisions(centre_id: UUID, app: App, actor: Actor) -> list[str]:
    """The classes of the roster's pupils."""
    return app.roster_divisions(actor, centre_id)


@router.post("/centres/{centre_id}/pupils/{pupil_id}/erasure", status_code=204)
def erase_pupil(
    centre_id: UUID, pupil_id: UUID, body: ErasureRequest, app: App, actor: Actor
) -> Response:
    """Erase a pupil's personal data for good, and that of every candidate they were."""
    app.erase_pupil(actor, centre_id, pupil_id, body.reason)
    return Response(status_code=204)


@router.post("/sessions/{session_id}/enrolments", response_model=EnrolmentPublic)
def enrol(session_id: SessionId, body: EnrolmentCreate, app: App, actor: Actor) -> EnrolmentPublic:
    """Enrol pupils of the roster, or a whole class; those already in are skipped."""
    with rows_in_french():
        if body.division:
            return EnrolmentPublic.of(app.enrol_division(actor, session_id, body.division))
        if not body.pupil_ids:
            raise errors.InvalidInput("Give the pupils or their class.", field="pupil_ids")
        return EnrolmentPublic.of(app.enrol_pupils(actor, session_id, body.pupil_ids))


@router.get("/sessions/{session_id}/candidate-list.csv", response_class=Response)
def candidate_list_csv(session_id: SessionId, app: App, actor: Actor) -> Response:
    """The candidate-list template, with the session's candidates filled in (CSV)."""
    listed = app.candidate_list_of(actor, session_id)
    content = template_csv(listed.candidates, listed.centre_type)
    return attachment(content, "text/csv; charset=utf-8", name_of(listed.session_number, "csv"))


@router.get("/sessions/{session_id}/candidate-list.ods", response_class=Response)
def candidate_list_ods(session_id: SessionId, app: App, actor: Actor) -> Response:
    """The candidate-list template, with the session's candidates filled in (ODS)."""
    listed = app.candidate_list_of(actor, session_id)
    content = template_ods(listed.candidates, listed.centre_type)
    return attachment(content, ODS, name_of(listed.session_number, "ods"))


@router.post(
    "/sessions/{session_id}/candidate-list/dry-run", response_model=CandidateListPlanPublic
)
def dry_run(session_id: SessionId, file: Upload, app: App, actor: Actor) -> CandidateListPlanPublic:
    """Check a filled template: every fault, and what it would add, change and remove."""
    listed = app.candidate_list_of(actor, session_id)
    given = template_from(file.file.read(), file.filename or "", listed.centre_type)
    plan = app.plan_candidate_list(actor, session_id, given)
    return CandidateListPlanPublic.of(plan, with_french(list(plan.problems)))


@router.post("/sessions/{session_id}/candidate-list", response_model=CandidateListResultPublic)
def commit(
    session_id: SessionId,
    file: Upload,
    token: Annotated[str, Form(max_length=64, description="The dry run's token")],
    app: App,
    actor: Actor,
) -> CandidateListResultPublic:
    """Apply the same file as its dry run showed; refused if the session changed since."""
    listed = app.candidate_list_of(actor, session_id)
    given = template_from(file.file.read(), file.filename or "", listed.centre_type)
    with rows_in_french():
        return CandidateListResultPublic.of(
            app.commit_candidate_list(actor, session_id, given, token)
        )


def name_of(number: int | None, extension: str) -> str:
    return f"candidats-session-{number or 'sans-numero'}.{extension}"


def attachment(content: bytes, media_type: str, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(content, media_type=media_type, headers=headers)
