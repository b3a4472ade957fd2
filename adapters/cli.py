"""The command line: serve the API, create centres and operators, load the demo."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from pydantic import ValidationError

from adapters import (
    cli_audit,
    cli_chain,
    cli_erasure,
    cli_help,
    cli_projections,
    cli_season,
    cli_sessions,
)
from adapters.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from adapters.persistence.settings import Settings
from adapters.wiring import Service, build_application, build_service
from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain.errors import DomainError, EmailTaken
from domain.values import CentreType, Role

Password = Annotated[
    str,
    typer.Option(
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        help="Password (12 characters or more, not a common one); asked if not given",
    ),
]
cli_help.install()
cli = typer.Typer(help="Certification sessions: the service and its operator commands.")


def fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        raise fail(f"setting CERTIF_{str(first['loc'][0]).upper()}: {first['msg']}") from None


@contextmanager
def one_line_errors() -> Iterator[None]:
    """A refused command ends the program with its reason on one line."""
    try:
        yield
    except DomainError as exc:
        raise fail(exc.message) from None


@contextmanager
def application() -> Iterator[CertificationApp]:
    app = build_application(load_settings())
    try:
        with one_line_errors():
            yield app
    finally:
        app.close()


@cli.command(epilog=cli_help.settings_epilog())
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on", show_default="CERTIF_HOST, 127.0.0.1")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port to listen on", show_default="CERTIF_PORT, 8000")
    ] = None,
) -> None:
    """Start the HTTP API (SQLite by default; CERTIF_DATABASE_URL selects PostgreSQL).

    Settings come from the environment or from a .env file in the current
    folder, the same for every command."""
    import uvicorn

    from adapters.http.app import create_app

    settings = load_settings()
    typer.echo(f"Event store: {settings.backend}. OpenAPI page: /docs")
    uvicorn.run(create_app(settings), host=host or settings.host, port=port or settings.port)


@cli.command("create-centre")
def create_centre(
    name: Annotated[str, typer.Option(help="The centre's name")],
    national_code: Annotated[str, typer.Option(help="The school's national code (UAI)")],
    admin_email: Annotated[str, typer.Option(help="Email of the first administrator")],
    admin_name: Annotated[str, typer.Option(help="Display name of the first administrator")],
    admin_password: Password,
    centre_type: Annotated[CentreType, typer.Option("--type", help="SCO, SUP or PRO")] = (
        CentreType.SCO
    ),
) -> None:
    """Register a certification centre with its first administrator."""
    with application() as app:
        account = app.open_account(
            SYSTEM_ACTOR, admin_email, admin_name, admin_password, Role.ADMINISTRATOR
        )
        centre = app.register_centre(SYSTEM_ACTOR, name, centre_type, national_code, account.id)
    typer.echo(f"centre {centre.id} created; administrator {admin_email}")


@cli.command("create-operator")
def create_operator(
    email: Annotated[str, typer.Option(help="Email of the operator")],
    name: Annotated[str, typer.Option(help="Display name")],
    password: Password,
    reviewer: Annotated[
        bool, typer.Option(help="A reviewer: reads sessions, reviews and publishes them")
    ] = False,
) -> None:
    """Open a platform operator account (may register centres over the API)."""
    role = Role.REVIEWER if reviewer else Role.OPERATOR
    with application() as app:
        account = app.open_account(SYSTEM_ACTOR, email, name, password, role)
    typer.echo(f"{role.value} {account.id} created")


@cli.command("create-auditor")
def create_auditor(
    email: Annotated[str, typer.Option(help="Email of the auditor")],
    name: Annotated[str, typer.Option(help="Display name")],
    password: Password,
) -> None:
    """Open an auditor account: reads every centre's sessions, trails and chain; changes none."""
    with application() as app:
        account = app.open_account(SYSTEM_ACTOR, email, name, password, Role.AUDITOR)
    typer.echo(f"auditor {account.id} created")


@cli.command()
def demo() -> None:
    """Load a collège with three sessions and 60 pupils."""
    with application() as app:
        try:
            summary = load_demo(app, app.now().date())
        except EmailTaken:
            typer.echo(
                f"The demo is already loaded in this store: sign in as {DEMO_EMAIL} / "
                f"{DEMO_PASSWORD}. Its access codes and invigilator passwords were printed "
                "when it was loaded; renew a password to see a new one."
            )
            return
    typer.echo(
        f"demo centre {summary.centre_id}: {len(summary.session_ids)} sessions, "
        f"{summary.pupils} pupils"
    )
    typer.echo(f"sign in as {DEMO_EMAIL} / {DEMO_PASSWORD}")
    for number, session_id in enumerate(summary.session_ids):
        typer.echo(
            f"session {session_id}: access code {summary.access_codes[number]}, "
            f"invigilator password {summary.invigilator_passwords[number]}"
        )


@contextmanager
def service() -> Iterator[Service]:
    running = build_service(load_settings(), embedded=False)
    try:
        with one_line_errors():
            yield running
    finally:
        running.close()


def main() -> None:
    cli()


cli_chain.register(cli)
cli_audit.register(cli)
cli_erasure.register(cli)
cli_sessions.register(cli)
cli_projections.register(cli, load_settings)
cli_season.register(cli)
