"""For auditors: replays of a session, and its audit trail (JSON or JSON Lines).

Access follows the session's centre as it is now; a deleted session stays
visible here. The trails answer from the audit read model:
``?after=<Certif-Position>`` waits until it includes a command just made.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from adapters.http.audit_schemas import JSON_LINES, AuditEntryPublic, SessionReplayPublic
from adapters.http.deps import Actor, App, Views
from projections import audit_queries

router = APIRouter(tags=["audit"])
Moment = Annotated[
    dt.datetime | None,
    Query(description="Replay at this moment, with a time zone (e.g. 2027-03-15T09:30:00Z)"),
]
Version = Annotated[int | None, Query(ge=1, description="Replay at this version of the session")]


@router.get("/sessions/{session_id}/history", response_model=SessionReplayPublic)
def session_history(
    session_id: UUID, app: App, actor: Actor, at: Moment = None, version: Version = None
) -> SessionReplayPublic:
    """The session and its candidates as they stood at a moment (?at) or a version."""
    replay = app.session_as_of(actor, session_id, moment=at, version=version)
    return SessionReplayPublic.of(replay)


@router.get("/sessions/{session_id}/audit", response_model=list[AuditEntryPublic])
def session_audit(session_id: UUID, app: App, actor: Actor, views: Views) -> list[AuditEntryPublic]:
    """Every event of the session and its candidates, in order: who, when, what."""
    app.audited_session(actor, session_id)
    trail = audit_queries.session_trail(views, str(session_id))
    return [AuditEntryPublic.of(entry) for entry in trail]


@router.get(
    "/sessions/{session_id}/audit.jsonl",
    response_class=Response,
    responses={200: {"content": {JSON_LINES: {}}, "description": "One event per line"}},
)
def session_audit_export(session_id: UUID, app: App, actor: Actor, views: Views) -> Response:
    """The session's audit trail as a JSON Lines file, one event per line."""
    app.audited_session(actor, session_id)
    trail = audit_queries.session_trail(views, str(session_id))
    disposition = f'attachment; filename="session-{session_id}-audit.jsonl"'
    return Response(
        audit_queries.as_json_lines(trail),
        media_type=JSON_LINES,
        headers={"Content-Disposition": disposition},
    )


@router.get(
    "/sessions/{session_id}/candidates/{candidate_id}/audit",
    response_model=list[AuditEntryPublic],
)
def candidate_audit(
    session_id: UUID, candidate_id: UUID, app: App, actor: Actor, views: Views
) -> list[AuditEntryPublic]:
    """Every event of one candidate, and the session's events about them, in order."""
    app.audited_candidate(actor, session_id, candidate_id)
    trail = audit_queries.candidate_trail(views, str(candidate_id))
    return [AuditEntryPublic.of(entry) for entry in trail]
