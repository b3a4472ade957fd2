"""What every area of the pages shares about forms: the fields as typed, a
refusal of the domain as the French error beside its field, the read models
given a moment to include what was just recorded, and a session's name."""

from __future__ import annotations

from fastapi import Request

from adapters.web.messages import french
from application.app import CertificationApp
from domain import errors


async def form_fields(request: Request) -> dict[str, str]:
    """The form's text fields as typed (the CSRF check has read it already;
    the files a page never takes are left out)."""
    form = await request.form()
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}


def refusal(exc: errors.DomainError) -> tuple[dict[str, str], int]:
    """The French error beside its field, and 422 for invalid input or 409 for a rule."""
    status = 422 if isinstance(exc, errors.InvalidInput) else 409
    return {exc.field or "formulaire": french(exc)}, status


def caught_up(request: Request, app: CertificationApp, *names: str) -> bool:
    """Read-your-writes for pages: waits, briefly, until the read models named
    (every one, if none is) include every change recorded so far; False when
    they are still behind."""
    service = request.app.state.service
    wait: float = request.app.state.read_wait
    return bool(service.runner.wait_for(app.position(), wait, names=names or None))


def session_label(number: int | None, session_id: object = None) -> str:
    """'Session n°4512'; a session stored before numbers is named by its id's beginning."""
    if number is not None:
        return f"Session n°{number}"
    return f"Session {str(session_id)[:8]}" if session_id is not None else "Session"
