"""A centre's pages: its sessions with filters, a new session, its certification windows."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from adapters.http.deps import App, Views
from adapters.http.schemas import SessionCreate
from adapters.web.cookies import Csrf, PageActor
from adapters.web.forms import caught_up, session_label
from adapters.web.routes.account import holder_of
from adapters.web.routes.admin_common import (
    Refused,
    Typed,
    centre_crumbs,
    checked,
    may_change,
    readiness_steps,
    refused,
)
from adapters.web.templating import STATUS_LABELS, render
from application.views import CentreView
from domain import errors
from domain.name_order import alphabetical
from domain.values import CentreType
from projections import queries

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
DONE = {
    "supprimee": "La session a été supprimée ; son code d'accès est libéré.",
    "periodes": "Les périodes de certification sont enregistrées.",
}
STATUS_TAGS = {
    "created": "plain",
    "started": "warn",
    "finalised": "ok",
    "in_review": "warn",
    "published": "ok",
}
SESSION_FIELDS = ("site", "room", "examiner", "date", "start_time", "observations")


def centre_context(app: App, actor: UUID, centre: CentreView, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "holder": holder_of(app, actor),
        "centre": centre,
        "zone": centre.timezone,
        "crumbs": centre_crumbs(centre),
        "can_change": may_change(app, actor, centre),
        "school": centre.centre_type is CentreType.SCO,
    }


def parsed_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def matches(session: dict[str, Any], statut: str, du: date | None, au: date | None, q: str) -> bool:
    day = date.fromisoformat(session["date"])
    if statut and session["status"] != statut:
        return False
    if (du and day < du) or (au and day > au):
        return False
    if q:
        haystack = alphabetical(f"{session['site']} {session['room']} {session.get('number', '')}")
        return all(word in haystack for word in alphabetical(q).split())
    return True


@router.get("/centres/{centre_id}")
def sessions_page(
    request: Request,
    centre_id: UUID,
    app: App,
    actor: PageActor,
    views: Views,
    statut: str = "",
    du: str = "",
    au: str = "",
    recherche: str = "",
    page: int = 1,
    fait: str = "",
) -> Response:
    """The centre's sessions, by date, with their readiness, from the read models."""
    centre = app.get_centre(actor, centre_id)
    context = centre_context(app, actor, centre, centre.name)
    context["crumbs"] = [("Accueil", "/accueil"), (centre.name, None)]
    fresh = caught_up(request, app, "sessions")
    found: dict[str, str] = {}
    first, last = parsed_day(du.strip()), parsed_day(au.strip())
    if du.strip() and first is None:
        found["du"] = "La date doit être au format jj/mm/aaaa."
    if au.strip() and last is None:
        found["au"] = "La date doit être au format jj/mm/aaaa."
    if statut not in STATUS_LABELS:
        statut = ""
    chosen = [
        s
        for s in queries.session_overview(views, str(centre_id))
        if matches(s, statut, first, last, recherche.strip()[:100])
    ]
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = []
    for session in chosen[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        steps = readiness_steps(session, session["not_yet_certifiable"], app.pupils_per_invigilator)
        done = sum(1 for s in steps if s["done"])
        rows.append(session | {"steps_done": done, "steps": len(steps)})
    filters = {"statut": statut, "du": du, "au": au, "recherche": recherche}
    context.update(
        sessions=rows,
        total=len(chosen),
        page=page,
        pages=pages,
        filters=filters,
        query={k: v for k, v in filters.items() if v},
        statuses=[(k, v) for k, v in STATUS_LABELS.items() if k != "deleted"],
        status_tags=STATUS_TAGS,
        fresh=fresh,
        notice=DONE.get(fait),
        errors=found,
        values=filters,
    )
    return render(request, "centre/sessions.html", context, 422 if found else 200)


def new_session_page(
    request: Request,
    app: App,
    actor: UUID,
    centre: CentreView,
    values: dict[str, str],
    found: dict[str, str],
    status: int = 200,
) -> Response:
    context = centre_context(app, actor, centre, "Nouvelle session")
    context["crumbs"] = [*context["crumbs"], ("Nouvelle session", None)]
    context.update(values=values, errors=found)
    return render(request, "centre/new_session.html", context, status)


@router.get("/centres/{centre_id}/sessions/nouvelle")
def new_session_form(request: Request, centre_id: UUID, app: App, actor: PageActor) -> Response:
    centre = app.get_centre(actor, centre_id)
    if not may_change(app, actor, centre):
        raise errors.Forbidden("Readers change no session.")
    return new_session_page(request, app, actor, centre, {"start_time": "09:00"}, {})


@router.post("/centres/{centre_id}/sessions/nouvelle", dependencies=[Csrf])
def create_session(
    request: Request, centre_id: UUID, app: App, actor: PageActor, typed: Typed
) -> Response:
    """Same use case as POST /api/v1/centres/{id}/sessions; the password is shown once."""
    centre = app.get_centre(actor, centre_id)
    if not may_change(app, actor, centre):
        raise errors.Forbidden("Readers create no session.")
    values = {name: typed.get(name, "") for name in SESSION_FIELDS}
    try:
        body = checked(SessionCreate, values)
        try:
            receipt = app.create_session(
                actor, centre_id, **body.model_dump(exclude={"date"}), day=body.date
            )
        except (errors.InvalidInput, errors.RuleConflict) as exc:
            raise refused(exc) from None
    except Refused as no:
        return new_session_page(request, app, actor, centre, values, no.errors, no.status)
    session = app.get_session(actor, receipt.id)
    context = centre_context(app, actor, centre, f"{session_label(session.number)} créée")
    context.update(
        session=session,
        password=receipt.invigilator_password,
        heading=f"{session_label(session.number)} créée",
        created=True,
    )
    return render(request, "session/password.html", context, headers={"Cache-Control": "no-store"})
