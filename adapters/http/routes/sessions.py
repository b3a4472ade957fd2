"""Certification sessions of a centre."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response, status

from adapters.http.deps import Actor, App, IfMatch, SessionId, etag, stamp
from adapters.http.schemas import (
    InvigilatorPasswordPublic,
    PagePublic,
    SessionCreate,
    SessionCreatedPublic,
    SessionPublic,
    SessionUpdate,
)

router = APIRouter(tags=["sessions"])
PageNumber = Annotated[int, Query(ge=1, le=100000)]
PageSize = Annotated[int, Query(ge=1, le=100)]


@router.get("/centres/{centre_id}/sessions", response_model=PagePublic[SessionPublic])
def list_sessions(
    centre_id: UUID, app: App, actor: Actor, page: PageNumber = 1, page_size: PageSize = 20
) -> PagePublic[SessionPublic]:
    """The centre's sessions by date and start time, a page at a time."""
    found = app.list_sessions(actor, centre_id, page, page_size)
    items = [SessionPublic.of(view) for view in found.items]
    return PagePublic(items=items, page=found.page, page_size=found.page_size, total=found.total)


@router.post(
    "/centres/{centre_id}/sessions",
    response_model=SessionCreatedPublic,
    status_code=status.HTTP_201_CREATED,
)
def create_session(
    centre_id: UUID, body: SessionCreate, app: App, actor: Actor, response: Response
) -> SessionCreatedPublic:
    """Create a session; the answer shows the invigilator password this once."""
    receipt = app.create_session(
        actor, centre_id, **body.model_dump(exclude={"date"}), day=body.date
    )
    stamp(response, receipt)
    response.headers["Location"] = f"/api/v1/sessions/{receipt.id}"
    view = SessionPublic.of(app.get_session(actor, receipt.id))
    return SessionCreatedPublic(
        **view.model_dump(), invigilator_password=receipt.invigilator_password
    )


@router.get("/sessions/{session_id}", response_model=SessionPublic)
def get_session(session_id: SessionId, app: App, actor: Actor, response: Response) -> SessionPublic:
    """One session, with its access code and status."""
    view = app.get_session(actor, session_id)
    etag(response, view.version)
    return SessionPublic.of(view)


@router.patch("/sessions/{session_id}", response_model=SessionPublic)
def change_session(
    session_id: SessionId,
    body: SessionUpdate,
    app: App,
    actor: Actor,
    version: IfMatch,
    response: Response,
) -> SessionPublic:
    """Change some of the session's details (If-Match: the version read)."""
    receipt = app.change_session(actor, session_id, body.changes(), version)
    stamp(response, receipt)
    return SessionPublic.of(app.get_session(actor, session_id))


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_session(
    session_id: SessionId, app: App, actor: Actor, version: IfMatch, response: Response
) -> None:
    """Delete a session in which no candidate has started; its access code is freed."""
    receipt = app.delete_session(actor, session_id, version)
    stamp(response, receipt)


@router.post(
    "/sessions/{session_id}/invigilator-password", response_model=InvigilatorPasswordPublic
)
def renew_invigilator_password(
    session_id: SessionId, app: App, actor: Actor, version: IfMatch, response: Response
) -> InvigilatorPasswordPublic:
    """Replace the invigilator password; the new one is shown this once."""
    receipt = app.renew_invigilator_password(actor, session_id, version)
    stamp(response, receipt)
    password = receipt.invigilator_password
    return InvigilatorPasswordPublic(
        session_id=receipt.id, version=receipt.version, invigilator_password=password
    )
