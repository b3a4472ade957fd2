"""Auditors' commands: replay a session, print its audit trail.

They act as the operator at the command line, who may see every centre.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any
from uuid import UUID

import typer

from adapters import display
from adapters.cli_sessions import SESSION_HELP, session_named
from adapters.wiring import Service
from application.ports import SYSTEM_ACTOR
from projections import audit_queries
from projections.audit import AuditProjection
from projections.engine import ViewStore
from projections.sessions import CENTRE, SESSION, SessionsProjection


def register(cli: typer.Typer) -> None:
    """Adds the auditors' commands to the service's command line."""
    cli.command()(history)
    cli.command()(audit)


def history(
    session: Annotated[str, typer.Argument(help=SESSION_HELP)],
    at: Annotated[
        str | None,
        typer.Option(
            metavar="MOMENT",
            help="A moment, e.g. 2027-03-15T09:30 on the centre's clock or 2027-03-15T08:30Z",
        ),
    ] = None,
    version: Annotated[int | None, typer.Option(min=1, help="A version of the session")] = None,
) -> None:
    """Print the session and its candidates at a moment or a version (now without either)."""
    moment = parsed_moment(at) if at is not None else None
    with audit_service() as running:
        session_id = session_named(running.app, session)
        if moment is None and version is None:
            moment = running.app.now()
        replay = running.app.session_as_of(SYSTEM_ACTOR, session_id, moment=moment, version=version)
    typer.echo(json.dumps(dataclasses.asdict(replay), default=plain, ensure_ascii=False, indent=2))


def audit(
    session: Annotated[str, typer.Argument(help=SESSION_HELP)],
    candidate: Annotated[
        UUID | None, typer.Option(help="Only this candidate's events and the session's about them")
    ] = None,
    jsonl: Annotated[bool, typer.Option(help="JSON Lines, one event per line")] = False,
) -> None:
    """Print the audit trail of a session or of one of its candidates, oldest first
    (times on the centre's clock)."""
    with audit_service() as running:
        session_id = session_named(running.app, session)
        if candidate is None:
            running.app.audited_session(SYSTEM_ACTOR, session_id)
        else:
            running.app.audited_candidate(SYSTEM_ACTOR, session_id, candidate)
        running.runner.catch_up()
        trail = (
            audit_queries.session_trail(running.views, str(session_id))
            if candidate is None
            else audit_queries.candidate_trail(running.views, str(candidate))
        )
        zone = zone_of(running.views, str(session_id))
    if jsonl:
        typer.echo(audit_queries.as_json_lines(trail), nl=False)
        return
    for entry in trail:
        when = display.short_moment(datetime.fromisoformat(entry["at"]), zone)
        typer.echo(f"{entry['position']:>8}  {when}  {entry['by_name']} : {entry['description']}")


def zone_of(views: ViewStore, session_id: str) -> str:
    """The time zone of the session's centre, as the sessions read model holds it."""
    session = views.read(SessionsProjection.name, SESSION, session_id)
    centre = views.read(SessionsProjection.name, CENTRE, session["centre_id"]) if session else None
    zone: str | None = (centre or {}).get("timezone")
    return zone or display.DEFAULT_ZONE


@contextmanager
def audit_service() -> Iterator[Service]:
    """The service of adapters.cli, with the audit trail among its projections
    even before the wiring lists it."""
    # Imported here: adapters.cli imports this module to register its commands.
    from adapters.cli import service

    with service() as running:
        if AuditProjection not in running.runner.projections:
            running.runner.projections.append(AuditProjection)
        yield running


def parsed_moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"'{text}' is not an ISO date and time.", param_hint="--at"
        ) from None
    return moment  # without a zone, the application reads it on the centre's clock


def plain(value: Any) -> Any:
    """JSON for the values a replay holds."""
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, date | time | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
