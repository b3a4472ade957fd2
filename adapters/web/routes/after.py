"""What the pages after the session share: names of sessions, form reading,
French notices and the status a refusal answers with."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.responses import RedirectResponse

from adapters.http.deps import App
from adapters.web.forms import caught_up, form_fields, session_label
from application.views import SessionView

YES_NO = (("oui", "Oui"), ("non", "Non"))
ABORT_REASONS = {"candidate": "Abandon du candidat", "technical": "Problème technique"}


def label_of(view: SessionView) -> str:
    return session_label(view.number, view.id)


Submitted = Annotated[dict[str, str], Depends(form_fields)]


def fresh(*names: str) -> Any:
    """A dependency: the read models named caught up before the page reads
    them (then it shows what they hold)."""

    def read_models_caught_up(request: Request, app: App) -> None:
        caught_up(request, app, *names)

    return Depends(read_models_caught_up)


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
