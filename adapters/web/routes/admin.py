"""The school administrator's pages, in the order their paths must be matched."""

from __future__ import annotations

from fastapi import APIRouter

from adapters.web.routes import (
    candidate,
    candidate_erasure,
    candidates,
    centre,
    centre_administrators,
    centre_windows,
    session,
    session_papers,
)

ROUTERS: tuple[APIRouter, ...] = (
    centre.router,
    centre_windows.router,
    centre_administrators.router,
    session.router,
    session_papers.router,
    candidates.router,  # /candidats/nouveau before /candidats/{candidate_id}
    candidate.router,
    candidate_erasure.router,
)
