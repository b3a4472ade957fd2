"""Read models of preparation: eligibility, attendance sheet, overview, readiness.

Each answers from the projections; ``?after=<Certif-Position>`` waits until they
include a command the client just made.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from adapters.http.deps import Actor, App, SessionId, Views, found
from adapters.http.view_schemas import ViewDoc
from projections import queries

router = APIRouter(tags=["read models"])


@router.get("/centres/{centre_id}/eligibility", response_model=ViewDoc)
def centre_eligibility(centre_id: UUID, app: App, actor: Actor, views: Views) -> ViewDoc:
    """How many of the centre's candidates are certifiable, session by session."""
    app.get_centre(actor, centre_id)
    return queries.centre_eligibility(views, str(centre_id))


@router.get("/centres/{centre_id}/overview", response_model=list[ViewDoc])
def session_overview(centre_id: UUID, app: App, actor: Actor, views: Views) -> list[ViewDoc]:
    """Each session with date, room, status, enrolled, certifiable and not yet certifiable."""
    app.get_centre(actor, centre_id)
    return queries.session_overview(views, str(centre_id))


@router.get("/sessions/{session_id}/eligibility", response_model=ViewDoc)
def session_eligibility(session_id: SessionId, app: App, actor: Actor, views: Views) -> ViewDoc:
    """Certifiable candidates of the session, and who is not yet, and why."""
    app.get_session(actor, session_id)
    return queries.session_eligibility(views, str(session_id))


@router.get("/sessions/{session_id}/candidates/{candidate_id}/eligibility", response_model=ViewDoc)
def candidate_eligibility(
    session_id: SessionId, candidate_id: UUID, app: App, actor: Actor, views: Views
) -> ViewDoc:
    """A candidate's positioned competences, under which rule and from which capture."""
    app.get_candidate(actor, session_id, candidate_id)
    return found(queries.candidate_eligibility(views, str(candidate_id)))


@router.get("/sessions/{session_id}/attendance-sheet", response_model=ViewDoc)
def attendance_sheet(session_id: SessionId, app: App, actor: Actor, views: Views) -> ViewDoc:
    """The rows of the printed attendance sheet, sorted by last name (no emails)."""
    app.get_session(actor, session_id)
    return found(queries.attendance_sheet(views, str(session_id)))


@router.get("/sessions/{session_id}/readiness", response_model=ViewDoc)
def readiness(session_id: SessionId, app: App, actor: Actor, views: Views) -> ViewDoc:
    """The guide's preparation checklist for the session, each step with its state."""
    app.get_session(actor, session_id)
    return found(queries.readiness(views, str(session_id), app.pupils_per_invigilator))
