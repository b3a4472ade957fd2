"""Read models of preparation: eligibility, attendance sheet, overview, readiness.

Each answers from the projections; ``?after=<Certif-Position>`` waits until they
include a command the client just made.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from adapters.http.deps import Actor, App, SessionId, Views, found
from adapters.http.view_schemas import (
    AttendanceSheetPublic,
    CandidateEligibilityPublic,
    CentreEligibilityPublic,
    ReadinessPublic,
    SessionEligibilityPublic,
    SessionOverviewPublic,
)
from projections import queries

router = APIRouter(tags=["read models"])


@router.get("/centres/{centre_id}/eligibility", response_model=CentreEligibilityPublic)
def centre_eligibility(
    centre_id: UUID, app: App, actor: Actor, views: Views
) -> CentreEligibilityPublic:
    """How many of the centre's candidates are certifiable, session by session."""
    app.get_centre(actor, centre_id)
    return CentreEligibilityPublic.model_validate(queries.centre_eligibility(views, str(centre_id)))


@router.get("/centres/{centre_id}/overview", response_model=list[SessionOverviewPublic])
def session_overview(
    centre_id: UUID, app: App, actor: Actor, views: Views
) -> list[SessionOverviewPublic]:
    """Each session with date, room, status, enrolled, certifiable and not yet certifiable."""
    app.get_centre(actor, centre_id)
    rows = queries.session_overview(views, str(centre_id))
    return [SessionOverviewPublic.model_validate(row) for row in rows]


@router.get("/sessions/{session_id}/eligibility", response_model=SessionEligibilityPublic)
def session_eligibility(
    session_id: SessionId, app: App, actor: Actor, views: Views
) -> SessionEligibilityPublic:
    """Certifiable candidates of the session, and who is not yet, and why."""
    app.get_session(actor, session_id)
    doc = queries.session_eligibility(views, str(session_id))
    return SessionEligibilityPublic.model_validate(doc)


@router.get(
    "/sessions/{session_id}/candidates/{candidate_id}/eligibility",
    response_model=CandidateEligibilityPublic,
)
def candidate_eligibility(
    session_id: SessionId, candidate_id: UUID, app: App, actor: Actor, views: Views
) -> CandidateEligibilityPublic:
    """A candidate's positioned competences, under which rule and from which capture."""
    app.get_candidate(actor, session_id, candidate_id)
    doc = found(queries.candidate_eligibility(views, str(candidate_id)))
    return CandidateEligibilityPublic.model_validate(doc)


@router.get("/sessions/{session_id}/attendance-sheet", response_model=AttendanceSheetPublic)
def attendance_sheet(
    session_id: SessionId, app: App, actor: Actor, views: Views
) -> AttendanceSheetPublic:
    """The rows of the printed attendance sheet, sorted by last name (no emails)."""
    app.get_session(actor, session_id)
    doc = found(queries.attendance_sheet(views, str(session_id)))
    return AttendanceSheetPublic.model_validate(doc)


@router.get("/sessions/{session_id}/readiness", response_model=ReadinessPublic)
def readiness(session_id: SessionId, app: App, actor: Actor, views: Views) -> ReadinessPublic:
    """The guide's preparation checklist for the session, each step with its state."""
    app.get_session(actor, session_id)
    doc = found(queries.readiness(views, str(session_id), app.pupils_per_invigilator))
    return ReadinessPublic.model_validate(doc)
