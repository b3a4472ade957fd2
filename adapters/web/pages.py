"""Mounts the pages on the FastAPI application (ADR 0024).

Pages are routes of the same application as the JSON API, left out of its
OpenAPI document; they call the same use cases, read the same read models,
and keep their holder's token in a cookie instead of a bearer header.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from adapters.web import errors
from adapters.web.routes import (
    account,
    admin,
    audit,
    closing,
    invigilation,
    invigilation_actions,
    operations,
    pupil,
    review,
)

STATIC = Path(__file__).parent / "static"
ROUTERS = (
    account.router,
    *admin.ROUTERS,
    closing.router,
    review.router,
    operations.router,
    audit.router,
    invigilation.router,
    invigilation_actions.router,
    pupil.router,
)


def install(api: FastAPI, secure_cookies: bool) -> None:
    api.state.secure_cookies = secure_cookies
    api.mount("/static/web", StaticFiles(directory=STATIC), name="web-static")
    for router in ROUTERS:
        api.include_router(router)
    errors.install(api)
