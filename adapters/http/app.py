"""The FastAPI application: built once per process, in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from adapters.http import api_docs, problems
from adapters.http.guards import BodyLimitMiddleware, SecurityHeadersMiddleware
from adapters.http.idempotency import IdempotencyMiddleware, document
from adapters.http.routes import (
    audit,
    auth,
    candidates,
    centres,
    closing,
    documents,
    enrolment,
    health,
    invigilation,
    invitations,
    profiles,
    rules,
    sessions,
    sitting,
    views,
)
from adapters.persistence.settings import Settings
from adapters.security import TokenIssuer
from adapters.sign_in_limits import SignInLimits
from adapters.web import pages
from adapters.wiring import build_application, build_service
from application.app import CertificationApp

API_PREFIX = "/api/v1"
DESCRIPTION = """
Certification sessions of digital skills for schools: centres, sessions and
candidates. Every change is an event; errors are RFC 9457 problem details.
Sign in with `POST /api/v1/auth/token`, then send `Authorization: Bearer <token>`.
"""


def sign_in_limits(settings: Settings) -> SignInLimits:
    return SignInLimits(
        settings.sign_in_limits_per_subject,
        settings.sign_in_limits_per_address,
        settings.rate_limit_storage,
    )


def create_app(
    settings: Settings | None = None,
    build: Callable[[Settings], CertificationApp] = build_application,
) -> FastAPI:
    """The API for the given settings; the event store opens when it starts."""
    chosen = settings or Settings()

    @asynccontextmanager
    async def lifespan(api: FastAPI) -> AsyncIterator[None]:
        service = build_service(chosen, app=build(chosen))
        api.state.service = service
        api.state.certification = service.app
        api.state.tokens = TokenIssuer(chosen.token_secret(), chosen.token_lifetime)
        api.state.read_wait = chosen.read_wait_seconds
        api.state.sign_in_limits = sign_in_limits(chosen)
        try:
            yield
        finally:
            service.close()

    api = FastAPI(
        title="Certification sessions",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    api.state.upload_limit = chosen.max_upload_bytes  # the pages keep their files under it
    problems.install(api)
    pages.install(api, chosen.secure_cookies)
    # the last added runs first: headers on every answer, then the body's size
    api.add_middleware(IdempotencyMiddleware, seconds=chosen.idempotency_hours * 3600.0)
    api.add_middleware(
        BodyLimitMiddleware, limit=chosen.max_body_bytes, upload_limit=chosen.max_upload_bytes
    )
    api.add_middleware(SecurityHeadersMiddleware)
    for module in (
        auth,
        centres,
        invitations,
        sessions,
        candidates,
        enrolment,
        profiles,
        rules,
        views,
        audit,
        documents,
        invigilation,
        sitting,
        closing,
        health,
    ):
        api.include_router(module.router, prefix=API_PREFIX, responses=problems.PROBLEM_RESPONSES)
    document(api)
    api_docs.install(api)
    return api
