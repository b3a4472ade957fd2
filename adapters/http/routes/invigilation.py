"""The invigilator's workspace: one session, opened with its password."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from adapters.http.day_schemas import (
    Done,
    ExtraTimeNote,
    FraudCreate,
    IncidentCreate,
    InvigilatorSignIn,
    ScopedToken,
    WorkspacePublic,
)
from adapters.http.deps import (
    App,
    Invigilator,
    Limits,
    SourceAddress,
    Tokens,
    Views,
    found,
    stamp,
)
from adapters.security import INVIGILATOR
from application.views import Receipt
from domain.values import extra_time
from projections.invigilation import invigilator_view

router = APIRouter(prefix="/invigilation", tags=["invigilator's workspace"])


def done(response: Response, receipt: Receipt) -> Done:
    stamp(response, receipt)
    return Done(id=receipt.id, version=receipt.version, position=receipt.position)


@router.post("/sign-in", response_model=ScopedToken)
def open_workspace(
    body: InvigilatorSignIn, app: App, tokens: Tokens, limits: Limits, source: SourceAddress
) -> ScopedToken:
    """Open the workspace with the session number and the invigilator password."""
    session_id = app.find_session(body.session)  # by id, whichever way it was named
    subject = f"{session_id or body.session}:{app.password_generation(session_id)}"
    with limits.attempt(INVIGILATOR, source, subject):
        opened = app.open_workspace(session_id, body.password)
    sid, gen = str(opened.session_id), str(opened.password_generation)
    token = tokens.issue(opened.actor, INVIGILATOR, sid=sid, gen=gen)
    lifetime = int(tokens.lifetime.total_seconds())
    return ScopedToken(
        access_token=token,
        expires_in=lifetime,
        session_id=opened.session_id,
        session_number=opened.session_number,
    )


@router.get("/session", response_model=WorkspacePublic)
def workspace(who: Invigilator, app: App, views: Views) -> WorkspacePublic:
    """Candidates with their state, start, theoretical end and alerts."""
    view = found(invigilator_view(views, str(who.session_id), app.now()))
    return WorkspacePublic.model_validate(view)


@router.post("/start", response_model=Done)
def start_session(who: Invigilator, app: App, response: Response) -> Done:
    """Start the session (one invigilator per 20 candidates is required)."""
    return done(response, app.start_session(who.actor, who.session_id))


@router.post("/candidates/{candidate_id}/presence", response_model=Done)
def confirm_presence(candidate_id: UUID, who: Invigilator, app: App, response: Response) -> Done:
    """Confirm the candidate is present: authorises one start (or resume)."""
    return done(response, app.confirm_presence(who.actor, who.session_id, candidate_id))


@router.delete("/candidates/{candidate_id}/presence", response_model=Done)
def cancel_presence(candidate_id: UUID, who: Invigilator, app: App, response: Response) -> Done:
    """Cancel a confirmed presence whose authorisation no start has used yet."""
    return done(response, app.cancel_presence(who.actor, who.session_id, candidate_id))


@router.post("/candidates/{candidate_id}/detach", response_model=Done)
def detach_pupil_account(
    candidate_id: UUID, who: Invigilator, app: App, response: Response
) -> Done:
    """Detach the pupil account that joined as this candidate, before the test begins."""
    return done(response, app.detach_pupil_account(who.actor, who.session_id, candidate_id))


@router.post("/candidates/{candidate_id}/end", response_model=Done)
def end_test(candidate_id: UUID, who: Invigilator, app: App, response: Response) -> Done:
    """End the candidate's test."""
    return done(response, app.end_test(who.actor, who.session_id, candidate_id))


@router.post("/candidates/{candidate_id}/help-given", response_model=Done)
def give_help(candidate_id: UUID, who: Invigilator, app: App, response: Response) -> Done:
    """Mark the candidate's request for help as answered."""
    return done(response, app.give_help(who.actor, who.session_id, candidate_id))


@router.put("/candidates/{candidate_id}/extra-time", response_model=Done)
def note_extra_time(
    candidate_id: UUID, body: ExtraTimeNote, who: Invigilator, app: App, response: Response
) -> Done:
    """Note the candidate's extra time, before they finish."""
    ratio = extra_time(body.extra_time)
    return done(response, app.note_extra_time(who.actor, who.session_id, candidate_id, ratio))


@router.post("/incidents", response_model=Done, status_code=201)
def report_incident(body: IncidentCreate, who: Invigilator, app: App, response: Response) -> Done:
    """Report an incident with its category code and required details."""
    receipt = app.report_incident(who.actor, who.session_id, **body.model_dump())
    return done(response, receipt)


@router.post("/fraud-reports", response_model=Done, status_code=201)
def report_fraud(body: FraudCreate, who: Invigilator, app: App, response: Response) -> Done:
    """Report a fraud: the candidate, what was observed, witnesses, measures taken."""
    return done(response, app.report_fraud(who.actor, who.session_id, **body.model_dump()))
