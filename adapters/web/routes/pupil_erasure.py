"""Erasing a pupil of the roster (GDPR), with its reason and a confirmation step:
the same use case as POST /api/v1/centres/{id}/pupils/{pid}/erasure (ADR 0033).
Every candidate the pupil was is erased with them."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from adapters.http.deps import App
from adapters.web.cookies import Csrf, PageActor
from adapters.web.messages import french
from adapters.web.routes.admin_common import refuse_readers
from adapters.web.routes.centre import centre_context
from adapters.web.routes.enrolment_common import refuse_unless_school
from adapters.web.templating import render
from domain import errors, limits

router = APIRouter(include_in_schema=False)
PUPIL_PATH = "/centres/{centre_id}/eleves/{pupil_id}/effacement"


def erasure_page(
    request: Request,
    app: App,
    actor: UUID,
    ids: tuple[UUID, UUID],
    typed: dict[str, str],
    found: dict[str, str],
    status: int = 200,
) -> Response:
    centre_id, pupil_id = ids
    centre = app.get_centre(actor, centre_id)
    refuse_unless_school(centre)
    pupil = app.get_pupil(actor, centre_id, pupil_id)
    context = centre_context(app, actor, centre, "Effacer un élève")
    context["crumbs"] = [
        *context["crumbs"],
        ("Élèves", f"/centres/{centre_id}/eleves"),
        ("Effacement", None),
    ]
    name = f"{pupil.first_name} {pupil.last_name}"
    context.update(pupil=pupil, name=name, values=typed, errors=found)
    return render(request, "centre/erase_pupil.html", context, status)


@router.get(PUPIL_PATH)
def erasure_form(
    request: Request, centre_id: UUID, pupil_id: UUID, app: App, actor: PageActor
) -> Response:
    """The confirmation step: what erasing a pupil does, and why it is asked."""
    refuse_readers(app, actor, centre_id)
    return erasure_page(request, app, actor, (centre_id, pupil_id), {}, {})


@router.post(PUPIL_PATH, dependencies=[Csrf])
def erase(
    request: Request,
    centre_id: UUID,
    pupil_id: UUID,
    app: App,
    actor: PageActor,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    refuse_readers(app, actor, centre_id)
    ids, typed = (centre_id, pupil_id), {"reason": reason}
    if not reason.strip():
        found = {"reason": "Dites pourquoi les données sont effacées."}
        return erasure_page(request, app, actor, ids, typed, found, 422)
    if len(reason.strip()) > limits.REASON:
        found = {"reason": f"Le motif compte {limits.REASON} caractères au plus."}
        return erasure_page(request, app, actor, ids, typed, found, 422)
    try:
        app.erase_pupil(actor, centre_id, pupil_id, reason.strip())
    except errors.InvalidInput as exc:
        return erasure_page(request, app, actor, ids, typed, {"reason": french(exc)}, 422)
    return RedirectResponse(f"/centres/{centre_id}/eleves?fait=efface", status_code=303)
