"""Certification centres."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response, status

from adapters.http.deps import Actor, App, IfMatch, Views, etag, stamp
from adapters.http.routes.sessions import PageNumber, PageSize
from adapters.http.schemas import (
    CentreCreate,
    CentreEntryPublic,
    CentrePublic,
    PagePublic,
    WindowsUpdate,
)
from projections import queries

router = APIRouter(prefix="/centres", tags=["centres"])


@router.get("", response_model=list[CentrePublic])
def list_centres(app: App, actor: Actor) -> list[CentrePublic]:
    """The centres the signed-in account administers."""
    return [CentrePublic.of(view) for view in app.list_centres(actor)]


@router.post("", response_model=CentrePublic, status_code=status.HTTP_201_CREATED)
def register_centre(body: CentreCreate, app: App, actor: Actor, response: Response) -> CentrePublic:
    """Register a certification centre (operators), inviting its first administrator."""
    receipt = app.register_centre(
        actor,
        body.name,
        body.type,
        body.national_code,
        None,
        body.timezone,
        invite=body.administrator_email,
    )
    stamp(response, receipt)
    response.headers["Location"] = f"/api/v1/centres/{receipt.id}"
    return CentrePublic.of(app.get_centre(actor, receipt.id))


@router.get("/directory", response_model=PagePublic[CentreEntryPublic])
def centre_directory(
    app: App, actor: Actor, views: Views, page: PageNumber = 1, page_size: PageSize = 20
) -> PagePublic[CentreEntryPublic]:
    """Every centre by name, a page at a time (operators, reviewers and auditors)."""
    app.require_reader(actor)
    entries = queries.centre_directory(views)
    chosen = [CentreEntryPublic(**e) for e in entries[(page - 1) * page_size : page * page_size]]
    return PagePublic(items=chosen, page=page, page_size=page_size, total=len(entries))


@router.get("/{centre_id}", response_model=CentrePublic)
def get_centre(centre_id: UUID, app: App, actor: Actor, response: Response) -> CentrePublic:
    """One centre that the signed-in account administers."""
    view = app.get_centre(actor, centre_id)
    etag(response, view.version)
    return CentrePublic.of(view)


@router.put("/{centre_id}/certification-windows", response_model=CentrePublic)
def set_windows(
    centre_id: UUID,
    body: WindowsUpdate,
    app: App,
    actor: Actor,
    version: IfMatch,
    response: Response,
) -> CentrePublic:
    """Replace the periods in which the centre's sessions may be scheduled (empty: any date)."""
    windows = [(w.label, w.first_day, w.last_day) for w in body.windows]
    receipt = app.set_certification_windows(actor, centre_id, windows, version)
    stamp(response, receipt)
    return CentrePublic.of(app.get_centre(actor, centre_id))
