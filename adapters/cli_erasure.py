"""Retention at the command line: erase the candidates of old sessions and the
pupils long gone from their school."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated

import typer

from application.erasure import Expired

DEFAULT_RETENTION = "2y"
_PERIOD = re.compile(r"^\s*(\d+)\s*([ymd])\s*$")
_DAYS = {"y": 365, "m": 30, "d": 1}


def register(cli: typer.Typer) -> None:
    """Adds `erase-expired` and `new-store-key` to the command line."""
    cli.command("erase-expired")(erase_expired)
    cli.command("new-store-key")(new_store_key)


def erase_expired(
    older_than: Annotated[
        str,
        typer.Option(
            help="Sessions published (or deleted) longer ago than this: 2y, 18m, 730d",
            show_default=True,
        ),
    ] = DEFAULT_RETENTION,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be erased; erase nothing")
    ] = False,
) -> None:
    """Erase the personal data of the candidates of sessions past the retention period,
    and of the pupils gone from their school's roster for longer than it.

    The signed papers are kept two years; the candidates' data goes with them.
    Each erasure is recorded like one asked for over the API, with the reason
    "retention period over"; counts, results and the hash chain stay whole.
    """
    from adapters.cli import application

    period = retention_period(older_than)
    with application() as app:
        expired, pupils = app.expired_candidates(period), app.expired_pupils(period)
        if dry_run:
            for item in expired:
                typer.echo(listed(item))
            for pupil in pupils:
                typer.echo(f"pupil {pupil.pupil_id} (gone {pupil.left_at.date().isoformat()})")
            typer.echo(
                f"{len(expired)} candidate(s) and {len(pupils)} pupil(s) would be erased "
                "(dry run: nothing erased)."
            )
            return
        with typer.progressbar(expired, label="Erasing", show_pos=True) as progress:
            for item in progress:
                app.erase_expired(item)
        for pupil in pupils:
            app.erase_expired_pupil(pupil)
    typer.echo(f"{len(expired)} candidate(s) and {len(pupils)} pupil(s) erased.")


def new_store_key() -> None:
    """Print a new key for CERTIF_STORE_ENCRYPTION_KEY (encryption of the whole store)."""
    from eventsourcing.cryptography import AESCipher

    typer.echo(AESCipher.create_key(32))


def retention_period(text: str) -> timedelta:
    found = _PERIOD.match(text.lower())
    if found is None:
        raise typer.BadParameter(
            f"'{text}' is not a period: write 2y, 18m or 730d", param_hint="--older-than"
        )
    return timedelta(days=int(found.group(1)) * _DAYS[found.group(2)])


def listed(item: Expired) -> str:
    return (
        f"session {item.session_id} (closed {item.closed_at.date().isoformat()}): "
        f"candidate {item.candidate_id}"
    )
