"""The invigilator's pages: signing in with the session number and the
invigilator password, the workspace and its list refreshed in place."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from adapters.documents.texts import INCIDENT_CATEGORIES
from adapters.http.deps import App, Limits, SourceAddress, Tokens, Views
from adapters.security import INVIGILATOR
from adapters.web.cookies import Csrf, PageInvigilator, forget, keep
from adapters.web.messages import french
from adapters.web.routes import workspace_data as data
from adapters.web.routes.day import cookie_token, revoke, wait_text
from adapters.web.templating import render
from domain import errors
from domain.reports import MAX_QUESTION
from projections.engine import Doc
from projections.invigilation import invigilator_view
from projections.queries import session_and_centre

router = APIRouter(include_in_schema=False)
SIGN_IN, WORKSPACE, LIST = "/surveillance", "/surveillance/session", "/surveillance/session/liste"
SIGN_OUT = "/surveillance/deconnexion"
WRONG = "Numéro de session ou mot de passe surveillant incorrect."
DONE = {
    "presence": "Présence de {name} confirmée.",
    "reprise": "Reprise du test autorisée pour {name}.",
    "annulation": "Présence de {name} annulée.",
    "fin": "Test de {name} terminé par le surveillant.",
    "aide": "Aide apportée à {name}.",
    "detache": "Compte élève de {name} détaché : l'élève peut rejoindre à nouveau la session.",
    "temps": "Temps majoré de {name} noté.",
    "incident": "Incident signalé.",
    "fraude": "Fraude signalée.",
    "demarree": "Session démarrée : les élèves peuvent la rejoindre avec le code d'accès.",
}
HOLDER = {"name": "Espace surveillant", "sign_out": SIGN_OUT}


def sign_in_form(
    request: Request, context: dict[str, Any], status: int = 200, retry_after: int = 0
) -> Response:
    base = {"title": "Espace surveillant", "holder": None}
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return render(request, "invigilation/sign_in.html", base | context, status, headers)


@router.get(SIGN_IN)
def sign_in_page(request: Request) -> Response:
    return sign_in_form(request, {})


@router.post(SIGN_IN, dependencies=[Csrf])
def sign_in(
    request: Request,
    app: App,
    tokens: Tokens,
    limits: Limits,
    source: SourceAddress,
    session_number: Annotated[str, Form(max_length=40)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
) -> Response:
    """Same door as POST /api/v1/invigilation/sign-in, the token in a cookie."""
    context: dict[str, Any] = {"values": {"session_number": session_number}}
    found: dict[str, str] = {}
    number = session_number.strip().replace(" ", "").removeprefix("n°")
    if not number:
        found["session_number"] = "Ce champ est obligatoire."
    elif not number.isdigit() or len(number) > 12:
        found["session_number"] = "Le numéro de session est un nombre, par exemple 4512."
    if not password:
        found["password"] = "Ce champ est obligatoire."
    if found:
        return sign_in_form(request, context | {"errors": found}, 422)
    session_id = app.find_session(int(number))
    subject = f"{session_id or int(number)}:{app.password_generation(session_id)}"
    try:
        with limits.attempt(INVIGILATOR, source, subject):
            opened = app.open_workspace(session_id, password)
    except errors.TooManyAttempts as refused:
        context["errors"] = {"formulaire": wait_text(refused.retry_after)}
        return sign_in_form(request, context, 429, refused.retry_after)
    except errors.AuthenticationFailed:
        return sign_in_form(request, context | {"errors": {"password": WRONG}}, 401)
    except errors.DomainError as refused:
        return sign_in_form(request, context | {"errors": {"formulaire": french(refused)}}, 409)
    sid, gen = str(opened.session_id), str(opened.password_generation)
    answer = RedirectResponse(WORKSPACE, status_code=303)
    token = tokens.issue(opened.actor, INVIGILATOR, sid=sid, gen=gen)
    keep(request, answer, INVIGILATOR, token, int(tokens.lifetime.total_seconds()))
    return answer


@router.post(SIGN_OUT, dependencies=[Csrf])
def sign_out(request: Request, app: App, tokens: Tokens) -> Response:
    """Revokes the workspace's token, as POST /api/v1/auth/logout does."""
    revoke(app, cookie_token(request, tokens, app, INVIGILATOR))
    answer = RedirectResponse(SIGN_IN, status_code=303)
    forget(answer, INVIGILATOR)
    return answer


def list_context(
    app: App, views: Views, session_id: UUID, query: str, before: str, fait: str, candidat: str
) -> dict[str, Any]:
    """The list's part of the workspace: counters, candidates, what changed."""
    view = invigilator_view(views, str(session_id), app.now()) or {"candidates": []}
    everyone: list[Doc] = view["candidates"]
    chosen = [c for c in everyone if data.matches(query, c)] if query.strip() else everyone
    names = {c["candidate_id"]: data.full_name(c) for c in everyone}
    notice = None
    if fait in DONE and (candidat in names or "{name}" not in DONE[fait]):
        notice = DONE[fait].format(name=names.get(candidat, ""))
    announced = data.news(before, everyone)
    return {
        "view": view,
        "rows": [data.row_of(c) for c in data.ordered(chosen)],
        "counters": data.counters(everyone),
        "query": query,
        "total": len(everyone),
        "state": data.signature(everyone),
        "done_notice": notice,
        "problem": "",
        "announced": ([notice] if notice else []) + announced,
        "focus": candidat if candidat in names else "",
        "choices": [(c["candidate_id"], data.full_name(c)) for c in everyone],
    }


def workspace_context(
    app: App, views: Views, session_id: UUID, query: str = "", fait: str = "", candidat: str = ""
) -> dict[str, Any]:
    header = session_and_centre(views, str(session_id))
    if header is None:
        raise errors.NotFound("This session is not in the read models yet.")
    session, centre = header["session"], header["centre"] or {}
    chosen = list_context(app, views, session_id, query, "", fait, candidat)
    return chosen | {
        "title": f"Session n°{session['number']}",
        "holder": HOLDER,
        "session": session,
        "zone": centre.get("timezone") or "Europe/Paris",
        "centre_name": centre.get("name", ""),
        "categories": incident_choices(),
        "max_question": MAX_QUESTION,
        "fragment": False,
    }


def incident_choices() -> list[tuple[str, str]]:
    return [("", "Choisissez une catégorie")] + [
        (code, f"{code} – {label}") for code, label, _ in INCIDENT_CATEGORIES
    ]


@router.get(WORKSPACE)
def workspace(
    request: Request,
    app: App,
    views: Views,
    who: PageInvigilator,
    q: str = "",
    fait: str = "",
    candidat: str = "",
) -> Response:
    """The session's header, its counters and candidates, the reports' forms."""
    context = workspace_context(app, views, who.session_id, q[:100], fait, candidat)
    context["notice"] = context["done_notice"]
    return render(request, "invigilation/workspace.html", context)


@router.get(LIST)
def workspace_list(
    request: Request,
    app: App,
    views: Views,
    who: PageInvigilator,
    q: str = "",
    etat: str = "",
    fait: str = "",
    candidat: str = "",
) -> Response:
    """The list alone, for htmx's refresh every few seconds and after each action."""
    header = session_and_centre(views, str(who.session_id)) or {"centre": None}
    centre = header["centre"] or {}
    context = list_context(app, views, who.session_id, q[:100], etat, fait, candidat)
    context |= {"zone": centre.get("timezone") or "Europe/Paris", "fragment": True}
    return render(request, "invigilation/_list.html", context)
