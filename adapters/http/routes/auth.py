"""Signing in, and who am I."""

from __future__ import annotations

from fastapi import APIRouter

from adapters.http.deps import Actor, App, Tokens
from adapters.http.schemas import AccountPublic, LoginRequest, TokenPublic

router = APIRouter(tags=["accounts"])


@router.post("/auth/token", response_model=TokenPublic)
def sign_in(body: LoginRequest, app: App, tokens: Tokens) -> TokenPublic:
    """Exchange an email and password for a bearer token."""
    account_id = app.authenticate(body.email, body.password)
    token = tokens.issue(account_id)
    expires_in = int(tokens.lifetime.total_seconds())
    return TokenPublic(access_token=token, expires_in=expires_in, account_id=account_id)


@router.get("/me", response_model=AccountPublic)
def who_am_i(app: App, actor: Actor) -> AccountPublic:
    """The signed-in account and the centres it administers."""
    view = app.get_account(actor)
    return AccountPublic(**view.__dict__)
