"""The session's invigilators, its finalisation, its review and its results."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from adapters.http.day_schemas import (
    Cancellation,
    Done,
    FinalisationCreate,
    FinalisationFormPublic,
    IncidentCreate,
    InvigilatorsUpdate,
    NoticePublic,
    PublicationPublic,
    ResultCreate,
    ReviewComment,
)
from adapters.http.deps import Actor, App, IfMatch, SessionId, Views, found, stamp
from adapters.http.routes.invigilation import done
from domain.reports import CertificationResult
from projections.invigilation import finalisation_form

router = APIRouter(prefix="/sessions/{session_id}", tags=["finalisation and results"])


@router.put("/invigilators", response_model=Done)
def name_invigilators(
    session_id: SessionId,
    body: InvigilatorsUpdate,
    app: App,
    actor: Actor,
    version: IfMatch,
    response: Response,
) -> Done:
    """Name the session's invigilators, one entry each."""
    return done(response, app.name_invigilators(actor, session_id, body.names, version))


@router.post("/incidents", response_model=Done, status_code=201)
def report_incident(
    session_id: SessionId, body: IncidentCreate, app: App, actor: Actor, response: Response
) -> Done:
    """Report an incident at finalisation (the invigilator reports them live)."""
    return done(response, app.report_incident(actor, session_id, **body.model_dump()))


@router.get("/finalisation-form", response_model=FinalisationFormPublic)
def finalisation_data(
    session_id: SessionId, app: App, actor: Actor, views: Views
) -> FinalisationFormPublic:
    """Who started and completed, who needs an abort reason, who was absent, reports."""
    app.get_session(actor, session_id)
    return FinalisationFormPublic.model_validate(found(finalisation_form(views, str(session_id))))


@router.post("/finalisation", response_model=Done)
def finalise(
    session_id: SessionId,
    body: FinalisationCreate,
    app: App,
    actor: Actor,
    version: IfMatch,
    response: Response,
) -> Done:
    """Finalise: the session's answers and an abort reason for each unfinished test."""
    reasons = {c.candidate_id: c.abort_reason for c in body.candidates if c.abort_reason}
    comments = {c.candidate_id: c.comment for c in body.candidates if c.comment}
    receipt = app.finalise(
        actor,
        session_id,
        body.comment,
        body.had_incident,
        body.joining_issues,
        reasons,
        comments,
        version,
    )
    return done(response, receipt)


@router.delete("/finalisation", response_model=Done)
def unfinalise(
    session_id: SessionId, app: App, actor: Actor, version: IfMatch, response: Response
) -> Done:
    """Withdraw the finalisation (possible until results are published)."""
    return done(response, app.unfinalise(actor, session_id, version))


@router.post("/review/comments", response_model=Done, status_code=201)
def comment(
    session_id: SessionId,
    body: ReviewComment,
    app: App,
    actor: Actor,
    version: IfMatch,
    response: Response,
) -> Done:
    """A reviewer's comment on a session waiting for review."""
    return done(response, app.comment_review(actor, session_id, body.comment, version))


@router.post("/review/cancellations", response_model=Done, status_code=201)
def cancel(
    session_id: SessionId,
    body: Cancellation,
    app: App,
    actor: Actor,
    version: IfMatch,
    response: Response,
) -> Done:
    """Cancel a candidate's certification, saying why (reviewers)."""
    receipt = app.cancel_certification(actor, session_id, body.candidate_id, body.reason, version)
    return done(response, receipt)


@router.post("/review/completion", response_model=Done)
def complete_review(
    session_id: SessionId, app: App, actor: Actor, version: IfMatch, response: Response
) -> Done:
    """Confirm the review: the session becomes publishable (reviewers)."""
    return done(response, app.complete_review(actor, session_id, version))


@router.put("/candidates/{candidate_id}/result", response_model=Done)
def record_result(
    session_id: SessionId,
    candidate_id: UUID,
    body: ResultCreate,
    app: App,
    actor: Actor,
    version: IfMatch,
    response: Response,
) -> Done:
    """Record a candidate's result as the test engine reports it (operators)."""
    result = CertificationResult(body.certified, body.score, dict(body.levels))
    return done(response, app.record_result(actor, session_id, candidate_id, result, version))


@router.post("/publication", response_model=PublicationPublic)
def publish(session_id: SessionId, app: App, actor: Actor, response: Response) -> PublicationPublic:
    """Publish the results; the answer lists the results emails to notify."""
    published = app.publish(actor, session_id)
    stamp(response, published)
    notices = [NoticePublic(**n.__dict__) for n in published.notices]
    return PublicationPublic(
        session_id=published.id,
        version=published.version,
        status="published",
        notices=notices,
    )
