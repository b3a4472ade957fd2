"""The pages' cookie session and their CSRF token (ADR 0024).

A page's holder keeps the same signed token the JSON API gives as a bearer,
in an HttpOnly, SameSite=Lax cookie: one cookie per door (an account, an
invigilator's workspace, a pupil's participation), so a tablet can hold an
invigilator's workspace without any account. Every form carries the CSRF
token, which is also a cookie of its own (double submit); htmx sends it as a
header. The same checks as the API's then run: scope, expiry, revocation.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import Depends, Request, Response

from adapters.http.deps import Invigilating, Sitting, get_app, get_tokens, unrevoked
from adapters.security import ACCOUNT, CANDIDATE, INVIGILATOR, Token, TokenIssuer
from application.app import CertificationApp
from domain import errors

ACCOUNT_COOKIE = "certif_compte"
WORKSPACE_COOKIE = "certif_surveillance"
PUPIL_COOKIE = "certif_candidat"
CSRF_COOKIE = "certif_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
COOKIE_OF_SCOPE = {ACCOUNT: ACCOUNT_COOKIE, INVIGILATOR: WORKSPACE_COOKIE, CANDIDATE: PUPIL_COOKIE}
SIGN_IN_OF_SCOPE = {ACCOUNT: "/connexion", INVIGILATOR: "/surveillance", CANDIDATE: "/epreuve"}


class SignInFirst(Exception):
    """A page that needs a cookie it was not sent: the answer is the sign-in page."""

    def __init__(self, scope: str, then: str) -> None:
        super().__init__(scope)
        self.location = f"{SIGN_IN_OF_SCOPE[scope]}?suite={quote(then, safe='/')}"


class CsrfRefused(Exception):
    """A form sent without the token of the page it came from."""


def secure_cookies(request: Request) -> bool:
    return bool(getattr(request.app.state, "secure_cookies", False))


def keep(request: Request, response: Response, scope: str, token: str, max_age: int) -> None:
    """Hands the token to the browser, which sends it back to this service only."""
    response.set_cookie(
        COOKIE_OF_SCOPE[scope],
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure_cookies(request),
        path="/",
    )


def forget(response: Response, scope: str) -> None:
    response.delete_cookie(COOKIE_OF_SCOPE[scope], path="/")


def csrf_token(request: Request) -> str:
    """The token forms carry: the cookie's, or a new one set with this answer."""
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return str(token)


def hand_out_csrf(request: Request, response: Response) -> None:
    """Sets the CSRF cookie when this request made a new one."""
    fresh = getattr(request.state, "new_csrf", None)
    if fresh and request.cookies.get(CSRF_COOKIE) != fresh:
        response.set_cookie(
            CSRF_COOKIE,
            fresh,
            httponly=True,
            samesite="strict",
            secure=secure_cookies(request),
            path="/",
        )


async def checked_csrf(request: Request) -> None:
    """Every page that changes something depends on this: the form's (or htmx's
    header) token must be the cookie's."""
    expected = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else ""
    if not expected or not hmac.compare_digest(expected.encode(), sent.encode()):
        raise CsrfRefused()


def _token(request: Request, tokens: TokenIssuer, app: CertificationApp, scope: str) -> Token:
    raw = request.cookies.get(COOKIE_OF_SCOPE[scope])
    if not raw:
        raise SignInFirst(scope, request.url.path)
    try:
        return unrevoked(app, tokens.read(raw, scope))
    except errors.AuthenticationFailed:
        raise SignInFirst(scope, request.url.path) from None


def page_token(
    request: Request,
    tokens: Annotated[TokenIssuer, Depends(get_tokens)],
    app: Annotated[CertificationApp, Depends(get_app)],
) -> Token:
    """The account's token from its cookie, for signing out."""
    return _token(request, tokens, app, ACCOUNT)


def page_actor(
    token: Annotated[Token, Depends(page_token)],
    app: Annotated[CertificationApp, Depends(get_app)],
    request: Request,
) -> UUID:
    """The signed-in account of a page; without one, the sign-in page."""
    try:
        app.account(token.subject)
    except errors.DomainError:
        raise SignInFirst(ACCOUNT, request.url.path) from None
    return token.subject


def page_invigilator(
    request: Request,
    tokens: Annotated[TokenIssuer, Depends(get_tokens)],
    app: Annotated[CertificationApp, Depends(get_app)],
) -> Invigilating:
    """The workspace a tablet holds: valid while its session and password stand."""
    token = _token(request, tokens, app, INVIGILATOR)
    try:
        session_id, generation = UUID(token.claims["sid"]), int(token.claims["gen"])
        app.check_workspace(session_id, generation)
    except (KeyError, ValueError, errors.DomainError):
        raise SignInFirst(INVIGILATOR, request.url.path) from None
    return Invigilating(token.subject, session_id)


def page_pupil(
    request: Request,
    tokens: Annotated[TokenIssuer, Depends(get_tokens)],
    app: Annotated[CertificationApp, Depends(get_app)],
) -> Sitting:
    token = _token(request, tokens, app, CANDIDATE)
    return Sitting(token.subject, token.claims.get("acct", ""))


@dataclass(frozen=True)
class Holder:
    """Who a page speaks to, as the layout needs it."""

    scope: str
    name: str


PageActor = Annotated[UUID, Depends(page_actor)]
PageToken = Annotated[Token, Depends(page_token)]
PageInvigilator = Annotated[Invigilating, Depends(page_invigilator)]
PagePupil = Annotated[Sitting, Depends(page_pupil)]
Csrf = Depends(checked_csrf)
