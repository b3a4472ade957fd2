"""What the day's pages share: the cookie's token for signing out, the wait
after too many attempts, said in French."""

from __future__ import annotations

from fastapi import Request

from adapters.http.deps import unrevoked
from adapters.security import Token, TokenIssuer
from adapters.web.cookies import COOKIE_OF_SCOPE
from application.app import CertificationApp
from domain import errors


def cookie_token(
    request: Request, tokens: TokenIssuer, app: CertificationApp, scope: str
) -> Token | None:
    """The scope's token from its cookie, if it is still good."""
    raw = request.cookies.get(COOKIE_OF_SCOPE[scope])
    if not raw:
        return None
    try:
        return unrevoked(app, tokens.read(raw, scope))
    except errors.AuthenticationFailed:
        return None


def revoke(app: CertificationApp, token: Token | None) -> None:
    if token is not None:
        app.revoke_token(token.subject, token.token_id, token.scope, token.expires_at)


def wait_text(seconds: int) -> str:
    """'Trop de tentatives : réessayez dans 5 minutes.'"""
    if seconds < 60:
        wait = f"{seconds} seconde{'s' if seconds > 1 else ''}"
    elif seconds < 3600:
        minutes = -(-seconds // 60)
        wait = f"{minutes} minute{'s' if minutes > 1 else ''}"
    else:
        hours = -(-seconds // 3600)
        wait = f"{hours} heure{'s' if hours > 1 else ''}"
    return f"Trop de tentatives : réessayez dans {wait}."
