"""The school administrator's pages, in the order their paths must be matched."""

from __future__ import annotations

from fastapi import APIRouter

from adapters.web.routes import (
    candidate,
    candidate_erasure,
    candidate_list,
    candidates,
    centre,
    centre_administrators,
    centre_windows,
    pupil_enrolment,
    pupil_erasure,
    roster,
    session,
    session_papers,
)

ROUTERS: tuple[APIRouter, ...] = (
    centre.router,
    centre_windows.router,
    centre_administrators.router,
    roster.router,
    pupil_erasure.router,
    session.router,
    session_papers.router,
    candidates.router,  # /candidats/nouveau, /eleves, /fichier before /candidats/{candidate_id}
    pupil_enrolment.router,
    candidate_list.router,
    candidate.router,
    candidate_erasure.router,
)
