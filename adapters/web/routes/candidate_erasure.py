"""Erasing a candidate's personal data (GDPR), with its reason and a
confirmation step: the same use case as POST /api/v1/.../erasure (ADR 0014)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from adapters.http.deps import App, SessionId
from adapters.web.cookies import Csrf, PageActor
from adapters.web.messages import french
from adapters.web.routes.admin_common import refuse_readers
from adapters.web.routes.candidate import CANDIDATE_PATH, candidate_page
from domain import errors

router = APIRouter(include_in_schema=False)
ERASURE = "session/erase_candidate.html"


@router.get(f"{CANDIDATE_PATH}/effacement")
def erasure_form(
    request: Request, session_id: SessionId, candidate_id: UUID, app: App, actor: PageActor
) -> Response:
    """The confirmation step: what erasure does, and why it is asked."""
    candidate = app.get_candidate(actor, session_id, candidate_id)
    return candidate_page(request, app, actor, session_id, candidate, {}, template=ERASURE)


@router.post(f"{CANDIDATE_PATH}/effacement", dependencies=[Csrf])
def erase(
    request: Request,
    session_id: SessionId,
    candidate_id: UUID,
    app: App,
    actor: PageActor,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    candidate = app.get_candidate(actor, session_id, candidate_id)
    refuse_readers(app, actor, app.get_session(actor, session_id).centre_id)
    typed = {"reason": reason}
    found: dict[str, str] = {}
    if not reason.strip():
        found = {"reason": "Dites pourquoi les données sont effacées."}
    elif len(reason.strip()) > 500:
        found = {"reason": "Le motif compte 500 caractères au plus."}
    if found:
        return candidate_page(
            request, app, actor, session_id, candidate, typed, found, 422, ERASURE
        )
    try:
        app.erase_candidate(actor, session_id, candidate_id, reason.strip())
    except errors.InvalidInput as exc:
        found = {"reason": french(exc)}
        return candidate_page(
            request, app, actor, session_id, candidate, typed, found, 422, ERASURE
        )
    path = request.url.path.removesuffix("/effacement")
    return RedirectResponse(f"{path}?fait=efface", status_code=303)
