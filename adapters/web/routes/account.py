"""Signing in and out of an account, and the account's home page."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from adapters.http.deps import App, Limits, SourceAddress, Tokens, Views
from adapters.security import ACCOUNT
from adapters.web.cookies import ACCOUNT_COOKIE, Csrf, PageActor, PageToken, forget, keep
from adapters.web.messages import french
from adapters.web.templating import render
from domain import errors
from domain.values import Role
from projections import queries

router = APIRouter(include_in_schema=False)
SIGN_OUT = "/deconnexion"
ROLE_LABELS = {
    Role.ADMINISTRATOR: "administrateur de centre",
    Role.OPERATOR: "opérateur de la plateforme",
    Role.REVIEWER: "examinateur des sessions",
    Role.AUDITOR: "auditeur",
}
ROLE_LINKS = {
    Role.ADMINISTRATOR: [],
    Role.REVIEWER: [("Sessions à examiner", "/examen")],
    Role.OPERATOR: [
        ("Sessions à publier", "/examen"),
        ("Règles d'éligibilité", "/operations/regles"),
        ("État des vues", "/operations/vues"),
    ],
    Role.AUDITOR: [("Vérifier la chaîne d'empreintes", "/audit/chaine")],
}


def local_path(then: str) -> str:
    """Where to go after signing in: a path of this service, never another site."""
    if then.startswith("/") and not then.startswith("//") and "\\" not in then:
        return then
    return "/accueil"


def holder_of(app: App, actor: UUID) -> dict[str, str]:
    """The banner's name and sign-out form for a signed-in account."""
    account = app.get_account(actor)
    return {"name": account.display_name, "sign_out": SIGN_OUT}


@router.get("/")
def root(request: Request) -> RedirectResponse:
    """The service's front door: the sign-in page, or home once signed in."""
    signed_in = ACCOUNT_COOKIE in request.cookies
    return RedirectResponse("/accueil" if signed_in else "/connexion", status_code=303)


@router.get("/connexion")
def sign_in_page(request: Request, suite: str = "/accueil") -> Response:
    return render(
        request, "account/sign_in.html", {"title": "Connexion", "then": local_path(suite)}
    )


@router.post("/connexion", dependencies=[Csrf])
def sign_in(
    request: Request,
    app: App,
    tokens: Tokens,
    limits: Limits,
    source: SourceAddress,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    suite: Annotated[str, Form(max_length=2000)] = "/accueil",
) -> Response:
    """Same door as POST /api/v1/auth/token; the token goes in an HttpOnly cookie."""
    context: dict[str, Any] = {"title": "Connexion", "then": local_path(suite)}
    context["values"] = {"email": email}
    missing = {
        name: "Ce champ est obligatoire."
        for name, value in (("email", email), ("password", password))
        if not value.strip()
    }
    if missing:
        context["errors"] = missing
        return render(request, "account/sign_in.html", context, status_code=422)
    try:
        with limits.attempt(ACCOUNT, source, email):
            account_id = app.authenticate(email, password)
    except errors.TooManyAttempts as refused:
        context["errors"] = {"formulaire": french(refused)}
        headers = {"Retry-After": str(refused.retry_after)}
        return render(request, "account/sign_in.html", context, 429, headers)
    except errors.AuthenticationFailed as refused:
        context["errors"] = {"password": french(refused)}
        return render(request, "account/sign_in.html", context, status_code=401)
    answer = RedirectResponse(local_path(suite), status_code=303)
    keep(request, answer, ACCOUNT, tokens.issue(account_id), int(tokens.lifetime.total_seconds()))
    return answer


@router.post(SIGN_OUT, dependencies=[Csrf])
def sign_out(app: App, token: PageToken) -> Response:
    """Revokes the cookie's token everywhere, as POST /api/v1/auth/logout does."""
    app.revoke_token(token.subject, token.token_id, token.scope, token.expires_at)
    answer = RedirectResponse("/connexion", status_code=303)
    forget(answer, ACCOUNT)
    return answer


@router.get("/accueil")
def home(request: Request, app: App, actor: PageActor, views: Views) -> Response:
    """The account's centres (or every centre, for the platform's roles) and its tools."""
    account = app.get_account(actor)
    directory = account.role is not Role.ADMINISTRATOR
    if directory:
        centres = [
            {**entry, "session_count": "", "type": entry.get("type", "")}
            for entry in queries.centre_directory(views)
        ]
    else:
        centres = [
            {
                "id": c.id,
                "name": c.name,
                "national_code": c.national_code,
                "type": c.centre_type.value,
                "session_count": c.session_count,
            }
            for c in app.list_centres(actor)
        ]
    invitations = [
        {"id": i.centre_id, "name": i.centre_name} for i in app.pending_invitations(actor)
    ]
    return render(
        request,
        "account/home.html",
        {
            "title": "Accueil",
            "holder": holder_of(app, actor),
            "account": account,
            "role_label": ROLE_LABELS[account.role],
            "directory": directory,
            "centres": centres,
            "invitations": invitations,
            "links": ROLE_LINKS[account.role],
        },
    )


@router.post("/centres/{centre_id}/invitation", dependencies=[Csrf])
def answer_invitation(
    centre_id: UUID,
    app: App,
    actor: PageActor,
    answer: Annotated[str, Form(pattern="^(accept|decline)$")],
) -> Response:
    """Accept or decline an invitation to administer a centre."""
    if answer == "accept":
        app.accept_invitation(actor, centre_id)
        return RedirectResponse(f"/centres/{centre_id}", status_code=303)
    app.decline_invitation(actor, centre_id)
    return RedirectResponse("/accueil", status_code=303)
