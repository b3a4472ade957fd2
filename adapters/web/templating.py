"""Jinja2 templates of the pages, with the French formatters of display.py."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from adapters import display
from adapters.web.cookies import CSRF_FIELD, CSRF_HEADER, csrf_token, hand_out_csrf
from domain.values import ERASED

STATUS_LABELS = {
    "created": "Créée",
    "started": "En cours",
    "finalised": "Finalisée",
    "in_review": "En cours d'examen",
    "published": "Résultats publiés",
    "deleted": "Supprimée",
}

CANDIDATE_STATES = {
    "enrolled": "Inscrit",
    "joined": "Connecté, présence à confirmer",
    "authorised": "Présent",
    "in_test": "Test en cours",
    "completed": "Test terminé",
    "ended": "Test arrêté par le surveillant",
    "cancelled": "Certification annulée",
}
"""A candidate's state on the day, named alike on every page (workspace, audit)."""


def moment(value: datetime | str | None, zone: str = display.DEFAULT_ZONE) -> str:
    """'15/03/2027 09:30' on the centre's clock; an empty cell for no moment."""
    if value is None or value == "":
        return ""
    chosen = datetime.fromisoformat(value) if isinstance(value, str) else value
    return display.short_moment(chosen, zone)


def hour(value: datetime | str | None, zone: str = display.DEFAULT_ZONE) -> str:
    """'09:30' on the centre's clock: the day's times in the workspace."""
    if value is None or value == "":
        return ""
    chosen = datetime.fromisoformat(value) if isinstance(value, str) else value
    return display.clock(display.local(chosen, zone).time())


def day(value: date | str | None) -> str:
    """'lundi 15 mars 2027'."""
    if value is None or value == "":
        return ""
    chosen = date.fromisoformat(value) if isinstance(value, str) else value
    return display.long_date(chosen)


def short_day(value: date | str | None) -> str:
    """'15/03/2027'."""
    if value is None or value == "":
        return ""
    chosen = date.fromisoformat(value) if isinstance(value, str) else value
    return display.short_date(chosen)


def clock(value: time | str | None) -> str:
    """'09:00' from a time of day."""
    if value is None or value == "":
        return ""
    chosen = time.fromisoformat(value) if isinstance(value, str) else value
    return display.clock(chosen)


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("adapters.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        moment=moment,
        hour=hour,
        day=day,
        short_day=short_day,
        clock=clock,
        status_label=status_label,
    )
    env.globals.update(
        CSRF_FIELD=CSRF_FIELD, CSRF_HEADER=CSRF_HEADER, ERASED=ERASED, elided=display.elided
    )
    return env


templates = Jinja2Templates(env=environment())


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """A page: the template with the request, its CSRF token and what it shows."""
    chosen: dict[str, Any] = {
        "csrf": csrf_token(request),
        "holder": None,
        "notice": None,
        "errors": {},
        "values": {},
        "title": "Sessions de certification",
        "crumbs": [],
    }
    chosen.update(context or {})
    answer = templates.TemplateResponse(
        request, name, chosen, status_code=status_code, headers=dict(headers or {})
    )
    hand_out_csrf(request, answer)
    return answer
