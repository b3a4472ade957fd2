"""A centre's administrators: who administers it, who is invited, and inviting
a colleague, as POST /api/v1/centres/{id}/invitations does."""

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
from adapters.web.templating import render
from application.views import CentreView
from domain import errors

router = APIRouter(include_in_schema=False)
NOTICES = {"invitation": "Invitation enregistrée : elle attend la personne à son adresse."}


def administrators_page(
    request: Request,
    app: App,
    actor: UUID,
    centre: CentreView,
    found: dict[str, str] | None = None,
    typed: str = "",
    status: int = 200,
    fait: str = "",
) -> Response:
    context = centre_context(app, actor, centre, "Administrateurs du centre")
    context["crumbs"] = [*context["crumbs"], ("Administrateurs", None)]
    context.update(
        errors=found or {},
        values={"email": typed},
        version=centre.version,
        administrators=len(centre.administrator_ids),
        invited=centre.invited,
        notice=NOTICES.get(fait),
    )
    return render(request, "centre/administrators.html", context, status)


@router.get("/centres/{centre_id}/administrateurs")
def administrators(
    request: Request, centre_id: UUID, app: App, actor: PageActor, fait: str = ""
) -> Response:
    return administrators_page(request, app, actor, app.get_centre(actor, centre_id), fait=fait)


@router.post("/centres/{centre_id}/administrateurs", dependencies=[Csrf])
def invite(
    request: Request,
    centre_id: UUID,
    app: App,
    actor: PageActor,
    email: Annotated[str, Form(max_length=320)] = "",
    version: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """Invites an address; the answer never says whether it has an account."""
    refuse_readers(app, actor, centre_id)
    centre = app.get_centre(actor, centre_id)
    if not email.strip():
        found = {"email": "Ce champ est obligatoire."}
        return administrators_page(request, app, actor, centre, found, email, 422)
    try:
        read = int(version) if version.isdigit() else None
        app.invite_administrator(actor, centre_id, email, read)
    except (errors.InvalidInput, errors.RuleConflict) as refused:
        status = 422 if isinstance(refused, errors.InvalidInput) else 409
        found = {refused.field if refused.field == "email" else "formulaire": french(refused)}
        return administrators_page(request, app, actor, centre, found, email, status)
    return RedirectResponse(f"/centres/{centre_id}/administrateurs?fait=invitation", 303)
