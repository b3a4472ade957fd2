"""Candidates of a session."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from fastapi import APIRouter, Response, status

from adapters.http.deps import Actor, App, IfMatch, SessionId, etag, stamp
from adapters.http.schemas import (
    CandidateCreate,
    CandidatePublic,
    CandidateUpdate,
    ErasureRequest,
    ExtraTimeUpdate,
)
from application.commands import CandidateInput
from domain.values import extra_time

router = APIRouter(prefix="/sessions/{session_id}/candidates", tags=["candidates"])


@router.get("", response_model=list[CandidatePublic])
def list_candidates(session_id: SessionId, app: App, actor: Actor) -> list[CandidatePublic]:
    """The session's candidates, sorted by last name as on the attendance sheet."""
    return [CandidatePublic.of(view) for view in app.list_candidates(actor, session_id)]


@router.post("", response_model=CandidatePublic, status_code=status.HTTP_201_CREATED)
def add_candidate(
    session_id: SessionId, body: CandidateCreate, app: App, actor: Actor, response: Response
) -> CandidatePublic:
    """Enrol a candidate; the same names and birthdate twice are refused."""
    ratio = extra_time(body.extra_time) if body.extra_time is not None else Decimal(0)
    given = CandidateInput(**body.model_dump(exclude={"extra_time"}))
    receipt = app.add_candidate(actor, session_id, given, ratio)
    stamp(response, receipt)
    response.headers["Location"] = f"/api/v1/sessions/{session_id}/candidates/{receipt.id}"
    return CandidatePublic.of(receipt.candidate)


@router.get("/{candidate_id}", response_model=CandidatePublic)
def get_candidate(
    session_id: SessionId, candidate_id: UUID, app: App, actor: Actor, response: Response
) -> CandidatePublic:
    """One candidate of the session."""
    view = app.get_candidate(actor, session_id, candidate_id)
    etag(response, view.version)
    return CandidatePublic.of(view)


@router.patch("/{candidate_id}", response_model=CandidatePublic)
def change_candidate(
    session_id: SessionId,
    candidate_id: UUID,
    body: CandidateUpdate,
    app: App,
    actor: Actor,
    version: IfMatch,
    response: Response,
) -> CandidatePublic:
    """Change some of the candidate's details (If-Match: the version read)."""
    receipt = app.change_candidate(actor, session_id, candidate_id, body.changes(), version)
    stamp(response, receipt)
    return CandidatePublic.of(app.get_candidate(actor, session_id, candidate_id))


@router.put("/{candidate_id}/extra-time", response_model=CandidatePublic)
def note_extra_time(
    session_id: SessionId,
    candidate_id: UUID,
    body: ExtraTimeUpdate,
    app: App,
    actor: Actor,
    version: IfMatch,
    response: Response,
) -> CandidatePublic:
    """Note the candidate's extra time, as a ratio (0.33) or a percentage ("33%")."""
    ratio = extra_time(body.extra_time)
    receipt = app.note_extra_time(actor, session_id, candidate_id, ratio, version)
    stamp(response, receipt)
    return CandidatePublic.of(receipt.candidate)


@router.delete("/{candidate_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_candidate(
    session_id: SessionId,
    candidate_id: UUID,
    app: App,
    actor: Actor,
    version: IfMatch,
    response: Response,
) -> None:
    """Remove a candidate who has not joined the session."""
    receipt = app.remove_candidate(actor, session_id, candidate_id, version)
    stamp(response, receipt)


@router.post("/{candidate_id}/erasure", response_model=CandidatePublic)
def erase_candidate(
    session_id: SessionId,
    candidate_id: UUID,
    body: ErasureRequest,
    app: App,
    actor: Actor,
    response: Response,
) -> CandidatePublic:
    """Erase the candidate's personal data for good (GDPR); the history stays whole."""
    receipt = app.erase_candidate(actor, session_id, candidate_id, body.reason)
    stamp(response, receipt)
    return CandidatePublic.of(app.get_candidate(actor, session_id, candidate_id))
