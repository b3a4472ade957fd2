"""Listing commands (centres, sessions, candidates) and the session argument
that every command naming a session takes: its number or its id."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any
from uuid import UUID

import typer

from adapters.wiring import Service
from application.numbers import SessionNumbering
from projections import queries
from projections.sessions import SESSION
from projections.sessions import SessionsProjection as Sessions

SESSION_HELP = "The session: its number (as printed on its papers) or its id"


def register(cli: typer.Typer) -> None:
    """Adds the listing commands to the service's command line."""
    cli.command()(centres)
    cli.command()(sessions)
    cli.command()(candidates)


def session_ref(text: str) -> UUID | int:
    """A session as typed: its number (4512) or its id."""
    try:
        return int(text) if text.strip().isdigit() else UUID(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is neither a session number nor an id.") from None


def session_named(app: SessionNumbering, text: str) -> UUID:
    """The id of the session typed; a number never given is refused."""
    found = app.find_session(session_ref(text))
    if found is None:
        raise typer.BadParameter(f"no session has the number {text}")
    return found


def centres() -> None:
    """List the registered centres: id, national code and name, one a line."""
    with read_models() as running:
        for centre in queries.centre_directory(running.views):
            typer.echo(f"{centre['id']}  {centre['national_code']}  {centre['name']}")


def sessions(
    centre: Annotated[UUID | None, typer.Option(help="Only this centre's sessions")] = None,
) -> None:
    """List the live sessions by number: date, start, room, status and candidates."""
    with read_models() as running:
        found = (
            running.views.read_all(Sessions.name, SESSION)
            if centre is None
            else running.views.read_children(Sessions.name, SESSION, str(centre))
        )
        for session in sorted((s for s in found if not s["deleted"]), key=by_number):
            typer.echo(session_line(session))


def candidates(session: Annotated[str, typer.Argument(help=SESSION_HELP)]) -> None:
    """List a session's candidates as on its attendance sheet, one a line."""
    with read_models() as running:
        sheet = queries.attendance_sheet(running.views, str(session_named(running.app, session)))
        if sheet is None or sheet["session"]["deleted"]:
            raise typer.BadParameter(f"no session {session}")
        for row in sheet["rows"]:
            place = row["division"] or row["external_id"] or ""
            typer.echo(f"{row['last_name']} {row['first_name']}  {row['birthdate']}  {place}")


def by_number(session: dict[str, Any]) -> tuple[int, str]:
    """By number; the sessions created before numbers (none) come first, by id."""
    number = session.get("number")
    return (number or 0, session["id"])


def session_line(session: dict[str, Any]) -> str:
    number = session.get("number") or session["id"]
    when = f"{session['date']} {session['start_time']}"
    counted = f"{session['enrolled']} candidate(s)"
    return f"{number:>6}  {when}  {session['room']}  {session['status']}  {counted}"


@contextmanager
def read_models() -> Iterator[Service]:
    """The service, its read models caught up with the events stored so far."""
    # Imported here: adapters.cli imports this module to register its commands.
    from adapters.cli import service

    with service() as running:
        running.runner.catch_up()
        yield running
