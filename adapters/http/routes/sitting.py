"""The candidate's side: joining with the access code, then the test."""

from __future__ import annotations

from fastapi import APIRouter, Response

from adapters.http.day_schemas import Done, JoinedPublic, JoinRequest
from adapters.http.deps import App, Candidate, Limits, SourceAddress, Tokens
from adapters.http.routes.invigilation import done
from adapters.security import CANDIDATE

router = APIRouter(tags=["candidates on the day"])


@router.post("/join", response_model=JoinedPublic)
def join(
    body: JoinRequest,
    app: App,
    tokens: Tokens,
    response: Response,
    limits: Limits,
    source: SourceAddress,
) -> JoinedPublic:
    """Join a session with its access code, names and birthdate, from a pupil account."""
    with limits.attempt(CANDIDATE, source, body.pupil_account):
        joined = app.join(
            body.access_code, body.last_name, body.first_name, body.birthdate, body.pupil_account
        )
    response.headers["Certif-Position"] = str(joined.position)
    token = tokens.issue(joined.candidate_id, CANDIDATE, acct=body.pupil_account.strip())
    return JoinedPublic(
        candidate_id=joined.candidate_id,
        session_id=joined.session_id,
        certifiable=joined.certifiable,
        access_token=token,
    )


@router.post("/test/start", response_model=Done)
def start_test(who: Candidate, app: App, response: Response) -> Done:
    """Start (or resume) the test: the invigilator must have confirmed presence."""
    return done(response, app.start_test(who.candidate_id, who.pupil_account))


@router.post("/test/complete", response_model=Done)
def complete_test(who: Candidate, app: App, response: Response) -> Done:
    """The candidate reached the end screen."""
    return done(response, app.complete_test(who.candidate_id, who.pupil_account))


@router.post("/test/help", response_model=Done)
def request_help(who: Candidate, app: App, response: Response) -> Done:
    """Ask the invigilator for help: the candidate stands out in the workspace."""
    return done(response, app.request_help(who.candidate_id, who.pupil_account))
