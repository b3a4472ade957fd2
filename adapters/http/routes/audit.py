"""For auditors: replays of a session, its audit trail (JSON or JSON Lines),
and the hash chain's check.

Access follows the session's centre as it is now; a deleted session stays
visible here. The trails and the chain answer from the read models:
``?after=<Certif-Position>`` waits until they include a command just made.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from adapters.http.audit_schemas import (
    JSON_LINES,
    AuditEntryPublic,
    SessionReplayPublic,
    VerdictPublic,
)
from adapters.http.deps import Actor, App, SessionId, Views
from application.app import CertificationApp
from domain import errors
from projections import audit_queries, chain

router = APIRouter(tags=["audit"])
Moment = Annotated[
    dt.datetime | None,
    Query(
        description="Replay at this moment (e.g. 2027-03-15T09:30:00Z); "
        "without a time zone, on the clock of the session's centre"
    ),
]
Version = Annotated[int | None, Query(ge=1, description="Replay at this version of the session")]


@router.get("/sessions/{session_id}/history", response_model=SessionReplayPublic)
def session_history(
    session_id: SessionId, app: App, actor: Actor, at: Moment = None, version: Version = None
) -> SessionReplayPublic:
    """The session and its candidates as they stood at a moment (?at) or a version."""
    replay = app.session_as_of(actor, session_id, moment=at, version=version)
    return SessionReplayPublic.of(replay)


@router.get("/sessions/{session_id}/audit", response_model=list[AuditEntryPublic])
def session_audit(
    session_id: SessionId, app: App, actor: Actor, views: Views
) -> list[AuditEntryPublic]:
    """Every event of the session and its candidates, in order: who, when, what."""
    app.audited_session(actor, session_id)
    trail = audit_queries.session_trail(views, str(session_id))
    return [AuditEntryPublic.of(entry) for entry in trail]


@router.get(
    "/sessions/{session_id}/audit.jsonl",
    response_class=Response,
    responses={200: {"content": {JSON_LINES: {}}, "description": "One event per line"}},
)
def session_audit_export(session_id: SessionId, app: App, actor: Actor, views: Views) -> Response:
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
    session_id: SessionId, candidate_id: UUID, app: App, actor: Actor, views: Views
) -> list[AuditEntryPublic]:
    """Every event of one candidate, and the session's events about them, in order."""
    app.audited_candidate(actor, session_id, candidate_id)
    trail = audit_queries.candidate_trail(views, str(candidate_id))
    return [AuditEntryPublic.of(entry) for entry in trail]


@router.get("/verify", response_model=VerdictPublic)
def verify(
    app: App, actor: Actor, views: Views, session: UUID | None = None, centre: UUID | None = None
) -> VerdictPublic:
    """Check the hash chain as `certif verify` does: the whole store, or ?session= or ?centre=."""
    app.require_auditor(actor)
    scope = chain_scope(app, session, centre)
    verdict = chain.verify(app.recorder, views, scope)
    if scope.originators is not None and verdict.intact and verdict.checked == 0:
        raise errors.NotFound(f"No event of {scope.label} is stored or chained.")
    return VerdictPublic.of(verdict, app.erased_data(scope.covers))


def chain_scope(app: CertificationApp, session: UUID | None, centre: UUID | None) -> chain.Scope:
    if session is not None and centre is not None:
        raise errors.InvalidInput("Give ?session= or ?centre=, not both.", field="session")
    if session is not None:
        return chain.session_scope(app.recorder, app.mapper, session)
    if centre is not None:
        return chain.centre_scope(app.recorder, app.mapper, centre)
    return chain.WHOLE_STORE
