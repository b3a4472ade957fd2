"""Whether this process can serve: the store, and each read model with why it stopped."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from adapters.http.problems import fault_problem
from adapters.persistence.faults import described_fault, store_fault
from adapters.wiring import Service

router = APIRouter(tags=["health"])


class ProjectionHealth(BaseModel):
    name: str
    position: int
    lag: int
    stopped_because: str | None = None


class Health(BaseModel):
    status: str
    head: int
    projections: list[ProjectionHealth]


@router.get("/health", response_model=Health)
def health(request: Request) -> Health | JSONResponse:
    """ok, or degraded with each stopped read model and why; 503 if the store fails."""
    service: Service = request.app.state.service
    try:
        found = service.runner.status()
    except Exception as failure:
        fault = store_fault(failure)
        if fault is None:
            raise
        return fault_problem(fault, request.url.path)
    projections = [
        ProjectionHealth(
            name=s.name,
            position=s.position,
            lag=s.lag,
            stopped_because=reason(s.error) if s.error else None,
        )
        for s in found
    ]
    stopped = any(p.stopped_because for p in projections)
    head = found[0].head if found else 0
    return Health(status="degraded" if stopped else "ok", head=head, projections=projections)


def reason(error: str) -> str:
    """A stopped projection's reason, in words that reveal nothing of the internals."""
    fault = described_fault(error)
    return fault.title if fault else "The projection failed; see the service's log."
