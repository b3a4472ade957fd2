"""What the pages after the session share: names of sessions, form reading,
French notices and the status a refusal answers with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.responses import RedirectResponse

from adapters.http.deps import App, Runner
from adapters.web.messages import french
from application.views import SessionView
from domain import errors

YES_NO = (("oui", "Oui"), ("non", "Non"))
ABORT_REASONS = {"candidate": "Abandon du candidat", "technical": "Problème technique"}
STATES = {
    "enrolled": "Inscrit",
    "joined": "A rejoint la session",
    "authorised": "Présence confirmée",
    "in_test": "Test en cours",
    "ended": "Test arrêté",
    "completed": "Test terminé",
    "cancelled": "Certification annulée",
}


def session_label(number: int | None, session_id: object) -> str:
    """'Session n°4512', or the id's beginning for a session without a number."""
    return f"Session n°{number}" if number is not None else f"Session {str(session_id)[:8]}"


def label_of(view: SessionView) -> str:
    return session_label(view.number, view.id)


async def submitted(request: Request) -> dict[str, str]:
    """Every field of the form posted, as text (the files a page never takes are left)."""
    form = await request.form()
    return {name: value for name, value in form.items() if isinstance(value, str)}


Submitted = Annotated[dict[str, str], Depends(submitted)]


def caught_up(request: Request, app: App, runner: Runner) -> None:
    """Read-your-writes for pages: the read models are given a moment to include
    everything recorded so far (then the page shows what they hold)."""
    wait: float = request.app.state.read_wait
    runner.wait_for(app.position(), wait)


Fresh = Depends(caught_up)


def refusal(exc: errors.DomainError) -> tuple[dict[str, str], int]:
    """The French error beside its field, and 422 for invalid input or 409 for a rule."""
    status = 422 if isinstance(exc, errors.InvalidInput) else 409
    return {exc.field or "formulaire": french(exc)}, status


def done(path: str, code: str) -> RedirectResponse:
    """POST/redirect/GET with the code of the notice to show."""
    return RedirectResponse(f"{path}?fait={code}", status_code=303)


def notice_of(notices: Mapping[str, str], code: str | None) -> str | None:
    """The French sentence of a notice code; an unknown code shows nothing."""
    return notices.get(code or "")


def yes_no(value: str, field: str, found: dict[str, str]) -> bool:
    if value not in ("oui", "non"):
        found[field] = "Répondez par oui ou par non."
    return value == "oui"


def crumbs_of(*steps: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Accueil", "/accueil"), *steps]


Context = dict[str, Any]
