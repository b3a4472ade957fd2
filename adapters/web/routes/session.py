"""A session's page: details, access code, invigilator password, invigilators,
readiness checklist, papers; editing and deleting it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from adapters.http.deps import App, SessionId, Views
from adapters.http.schemas import SessionCreate
from adapters.web.cookies import Csrf, PageActor
from adapters.web.forms import caught_up, session_label
from adapters.web.routes.account import holder_of
from adapters.web.routes.admin_common import (
    Refused,
    Typed,
    checked,
    may_change,
    readiness_steps,
    refuse_readers,
    refused,
    version_of,
)
from adapters.web.routes.centre import SESSION_FIELDS, STATUS_TAGS
from adapters.web.templating import render
from application.views import SessionView
from domain import errors
from projections import queries
from projections.invigilation import SESSION as WORKSPACE
from projections.invigilation import InvigilationProjection

router = APIRouter(include_in_schema=False)
SESSION_PAGE = ("sessions", "eligibility", "invigilation")  # what the page reads
DONE = {
    "modifiee": "Les informations de la session sont enregistrées.",
    "surveillants": "Les surveillants de la session sont enregistrés.",
}
PAPERS = (
    ("feuille-emargement.pdf", "Feuille d'émargement (PDF, à imprimer)"),
    ("feuille-emargement.csv", "Feuille d'émargement (CSV, tableur)"),
    ("feuille-emargement.ods", "Feuille d'émargement (ODS, tableur)"),
    ("kit-surveillant.pdf", "Kit du surveillant (PDF)"),
    ("convocations.pdf", "Convocations de tous les candidats (PDF)"),
)


def session_path(session: SessionView) -> str:
    return f"/sessions/{session.number if session.number is not None else session.id}"


def session_context(app: App, actor: UUID, session: SessionView, title: str) -> dict[str, Any]:
    """What every page of a session shows: its centre, its clock, its crumbs."""
    centre = app.get_centre(actor, session.centre_id)
    label = session_label(session.number)
    return {
        "title": f"{title} · {label}" if title else label,
        "holder": holder_of(app, actor),
        "centre": centre,
        "session": session,
        "label": label,
        "path": session_path(session),
        "zone": centre.timezone,
        "can_change": may_change(app, actor, centre) and session.status in ("created", "started"),
        "may_change_centre": may_change(app, actor, centre),
        "crumbs": [
            ("Accueil", "/accueil"),
            (centre.name, f"/centres/{centre.id}"),
            (label, session_path(session) if title else None),
        ],
    }


def checklist(app: App, views: Views, session_id: UUID) -> list[dict[str, Any]] | None:
    """queries.readiness's steps, each with its French label and detail."""
    sheet = queries.attendance_sheet(views, str(session_id))
    ready = queries.readiness(views, str(session_id), app.pupils_per_invigilator)
    if sheet is None or ready is None:
        return None
    not_yet = len(queries.session_eligibility(views, str(session_id))["not_yet_certifiable"])
    steps = readiness_steps(sheet["session"], not_yet, app.pupils_per_invigilator)
    done = {s["step"]: s["done"] for s in ready["steps"]}
    return [s | {"done": done.get(s["step"], False)} for s in steps]


def invigilator_names(views: Views, session_id: UUID) -> list[str]:
    doc = views.read(InvigilationProjection.name, WORKSPACE, str(session_id))
    return list(doc["invigilators"]) if doc else []


@router.get("/sessions/{session_id}")
def session_page(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    views: Views,
    fait: str = "",
) -> Response:
    """Mirrors GET /api/v1/sessions/{id} and its readiness."""
    session = app.get_session(actor, session_id)
    context = session_context(app, actor, session, "")
    fresh = caught_up(request, app, *SESSION_PAGE)
    names = invigilator_names(views, session_id)
    context.update(
        fresh=fresh,
        steps=checklist(app, views, session_id),
        papers=PAPERS,
        status_tags=STATUS_TAGS,
        invigilators=names,
        values={"names": "\n".join(names)},
        notice=DONE.get(fait),
    )
    return render(request, "session/details.html", context)


def edit_page(
    request: Request,
    app: App,
    actor: UUID,
    session: SessionView,
    values: dict[str, str],
    found: dict[str, str],
    status: int = 200,
) -> Response:
    context = session_context(app, actor, session, "Modifier")
    context["crumbs"] = [*context["crumbs"], ("Modifier", None)]
    context.update(values=values, errors=found)
    return render(request, "session/edit.html", context, status)


@router.get("/sessions/{session_id}/modifier")
def edit_form(request: Request, session_id: SessionId, app: App, actor: PageActor) -> Response:
    session = app.get_session(actor, session_id)
    values = {
        "site": session.site,
        "room": session.room,
        "examiner": session.examiner,
        "date": session.date.isoformat(),
        "start_time": session.start_time.strftime("%H:%M"),
        "observations": session.observations,
        "version": str(session.version),
    }
    return edit_page(request, app, actor, session, values, {})


@router.post("/sessions/{session_id}/modifier", dependencies=[Csrf])
def edit_session(
    request: Request, session_id: SessionId, app: App, actor: PageActor, typed: Typed
) -> Response:
    """Same use case as PATCH /api/v1/sessions/{id}, with the version read as If-Match."""
    session = app.get_session(actor, session_id)
    refuse_readers(app, actor, session.centre_id)
    values = {name: typed.get(name, "") for name in SESSION_FIELDS}
    values["version"] = typed.get("version", "")
    try:
        body = checked(SessionCreate, {k: v for k, v in values.items() if k != "version"})
        changes = body.model_dump()
        changes["observations"] = changes["observations"] or None
        try:
            app.change_session(actor, session_id, changes, version_of(typed))
        except (errors.InvalidInput, errors.RuleConflict) as exc:
            raise refused(exc) from None
    except Refused as no:
        return edit_page(request, app, actor, session, values, no.errors, no.status)
    return RedirectResponse(f"{session_path(session)}?fait=modifiee", status_code=303)


def delete_page(
    request: Request,
    app: App,
    actor: UUID,
    session: SessionView,
    found: dict[str, str],
    status: int = 200,
) -> Response:
    context = session_context(app, actor, session, "Supprimer")
    context["crumbs"] = [*context["crumbs"], ("Supprimer", None)]
    context.update(errors=found)
    return render(request, "session/delete.html", context, status)


@router.get("/sessions/{session_id}/suppression")
def delete_form(request: Request, session_id: SessionId, app: App, actor: PageActor) -> Response:
    """The confirmation step before deleting."""
    return delete_page(request, app, actor, app.get_session(actor, session_id), {})


@router.post("/sessions/{session_id}/suppression", dependencies=[Csrf])
def delete_session(
    request: Request, session_id: SessionId, app: App, actor: PageActor, typed: Typed
) -> Response:
    """Same use case as DELETE /api/v1/sessions/{id}: refused once a candidate started."""
    session = app.get_session(actor, session_id)
    try:
        app.delete_session(actor, session_id, version_of(typed))
    except errors.RuleConflict as exc:
        return delete_page(request, app, actor, session, {"formulaire": french_of(exc)}, 409)
    return RedirectResponse(f"/centres/{session.centre_id}?fait=supprimee", status_code=303)


def french_of(exc: errors.DomainError) -> str:
    return refused(exc).errors[exc.field or "formulaire"]


@router.post("/sessions/{session_id}/mot-de-passe", dependencies=[Csrf])
def renew_password(
    request: Request, session_id: SessionId, app: App, actor: PageActor, typed: Typed
) -> Response:
    """Same use case as POST /api/v1/sessions/{id}/invigilator-password: shown once."""
    receipt = app.renew_invigilator_password(actor, session_id, version_of(typed))
    session = app.get_session(actor, session_id)
    context = session_context(app, actor, session, "Nouveau mot de passe")
    context.update(
        password=receipt.invigilator_password,
        heading="Nouveau mot de passe du surveillant",
        created=False,
    )
    context["crumbs"] = [*context["crumbs"], ("Nouveau mot de passe", None)]
    return render(request, "session/password.html", context, headers={"Cache-Control": "no-store"})


@router.post("/sessions/{session_id}/surveillants", dependencies=[Csrf])
def name_invigilators(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    views: Views,
    typed: Typed,
) -> Response:
    """Same use case as PUT /api/v1/sessions/{id}/invigilators: one name a line."""
    session = app.get_session(actor, session_id)
    refuse_readers(app, actor, session.centre_id)
    names = [line.strip() for line in typed.get("names", "").splitlines() if line.strip()]
    try:
        if len(names) > 50 or any(len(n) > 255 for n in names):
            raise Refused({"names": "Au plus 50 surveillants, de 255 caractères chacun."}, 422)
        try:
            app.name_invigilators(actor, session_id, names, version_of(typed))
        except (errors.InvalidInput, errors.RuleConflict) as exc:
            raise Refused({"names": french_of(exc)}, refused(exc).status) from None
    except Refused as no:
        context = session_context(app, actor, session, "")
        context.update(
            fresh=caught_up(request, app, *SESSION_PAGE),
            steps=checklist(app, views, session_id),
            papers=PAPERS,
            status_tags=STATUS_TAGS,
            invigilators=invigilator_names(views, session_id),
            values={"names": typed.get("names", "")},
            errors=no.errors,
        )
        return render(request, "session/details.html", context, no.status)
    return RedirectResponse(f"{session_path(session)}?fait=surveillants", status_code=303)
