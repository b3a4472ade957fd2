"""Signing in and out, and who am I."""

from __future__ import annotations

from fastapi import APIRouter, status

from adapters.http.deps import Actor, AnyToken, App, Limits, SourceAddress, Tokens
from adapters.http.schemas import AccountPublic, LoginRequest, TokenPublic
from adapters.security import ACCOUNT

router = APIRouter(tags=["accounts"])


@router.post("/auth/token", response_model=TokenPublic)
def sign_in(
    body: LoginRequest, app: App, tokens: Tokens, limits: Limits, source: SourceAddress
) -> TokenPublic:
    """Exchange an email and password for a bearer token (failures are limited)."""
    with limits.attempt(ACCOUNT, source, body.email):
        account_id = app.authenticate(body.email, body.password)
    token = tokens.issue(account_id)
    expires_in = int(tokens.lifetime.total_seconds())
    return TokenPublic(access_token=token, expires_in=expires_in, account_id=account_id)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def sign_out(app: App, token: AnyToken) -> None:
    """Revoke the token sent, in every process of the service, until it expires."""
    app.revoke_token(token.subject, token.token_id, token.scope, token.expires_at)


@router.get("/me", response_model=AccountPublic)
def who_am_i(app: App, actor: Actor) -> AccountPublic:
    """The signed-in account and the centres it administers."""
    view = app.get_account(actor)
    return AccountPublic(**view.__dict__)
