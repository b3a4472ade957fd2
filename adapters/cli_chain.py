"""The `verify` command: checks the hash chain over the stored events."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import typer

from adapters.cli_sessions import session_named
from adapters.wiring import Service, build_service
from projections.chain import WHOLE_STORE, ChainProjection, Scope, centre_scope, session_scope
from projections.chain import verify as verify_chain
from projections.runner import ProjectionRunner


def register(cli: typer.Typer) -> None:
    """Adds `verify` to the command line."""
    cli.command("verify")(verify)


def verify(
    session: Annotated[
        str | None, typer.Option(help="Only this session's events (its number or its id)")
    ] = None,
    centre: Annotated[UUID | None, typer.Option(help="Only this centre's events")] = None,
) -> None:
    """Check that no stored event was altered, removed or reordered since it was chained.

    Exit code 0: intact; 1: broken. Keep the printed head hash outside the
    database (with the daily reports): someone able to rewrite both the events
    and the chain could recompute the chain, but not that copy.
    """
    # Imported here because adapters.cli imports this module to register the command.
    from adapters.cli import load_settings

    if session is not None and centre is not None:
        raise typer.BadParameter("give --session or --centre, not both")
    running = build_service(load_settings(), embedded=False)
    try:
        catch_up_chain(running)
        scope = scope_of(running, session, centre)
        verdict = verify_chain(running.app.recorder, running.views, scope)
        erased = running.app.erased_data(lambda originator: scope.covers(originator))
    finally:
        running.close()
    if scope.originators is not None and verdict.intact and verdict.checked == 0:
        raise typer.BadParameter(f"no event of {scope.label} is stored or chained")
    typer.echo(verdict.summary())
    typer.echo(erased.summary())
    if not verdict.intact:
        raise typer.Exit(code=1)


def catch_up_chain(running: Service) -> None:
    """Chains every event stored so far, whether or not the service's own runner
    has the chain among its projections."""
    app = running.app
    ProjectionRunner(app.recorder, app.mapper, running.views, [ChainProjection], app).catch_up()


def scope_of(running: Service, session: str | None, centre: UUID | None) -> Scope:
    recorder, mapper = running.app.recorder, running.app.mapper
    if session is not None:
        return session_scope(recorder, mapper, session_named(running.app, session))
    if centre is not None:
        return centre_scope(recorder, mapper, centre)
    return WHOLE_STORE
