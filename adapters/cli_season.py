"""The `generate-season` command: a realistic season written into the store."""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer

from adapters.season import EVENTS_PER_PUPIL, SeasonGenerator

BAR_WIDTH = 30


def register(cli: typer.Typer) -> None:
    """Adds `generate-season` to the command line."""
    cli.command("generate-season")(generate_season)


def generate_season(
    pupils: Annotated[int, typer.Option(min=1, help="How many pupils sit the season")],
    seed: Annotated[int, typer.Option(help="The same seed writes the same season")] = 2027,
    year: Annotated[
        int | None,
        typer.Option(
            help="The season's spring", show_default="the last spring whose window closed"
        ),
    ] = None,
) -> None:
    """Write a generated season: centres, sessions, candidates, their day, results.

    Collèges and lycées with their national codes, sessions in the spring
    window, candidates with their profiles, each session's day (joins,
    confirmations, tests, a few incidents and extra times), its finalisation
    and its published results.

    About 12 events per pupil; each centre is one atomic save. Every generated
    account and invigilator workspace opens with the one password printed at
    the end. Projections catch up afterwards (`certif project --once`)."""
    # Imported here because adapters.cli imports this module to register the command.
    from adapters.cli import application

    with application() as app:
        generator = SeasonGenerator(app, seed=seed, year=year)
        bar = ProgressBar(round(pupils * EVENTS_PER_PUPIL), pupils)
        summary = generator.run(pupils, progress=bar.show)
        bar.done()
    typer.echo(
        f"season {summary.year} (seed {summary.seed}): {summary.centres} centres, "
        f"{summary.sessions} sessions (n° {summary.first_number} to {summary.last_number}), "
        f"{summary.candidates} candidates, {summary.events} events in {summary.seconds:.1f} s "
        f"({summary.events_per_second:,.0f} events/s)"
    )
    typer.echo(
        f"administrators sign in as {summary.emails[0]} (and the like) with "
        f"{summary.password}; every invigilator workspace opens with it too"
    )


class ProgressBar:
    """Events written against the expected total, and the rate, on standard error."""

    def __init__(self, target: int, pupils: int) -> None:
        self.target, self.pupils, self.start = target, pupils, time.perf_counter()

    def show(self, events: int, pupils_done: int) -> None:
        fraction = pupils_done / self.pupils
        filled = round(BAR_WIDTH * fraction)
        rate = events / max(time.perf_counter() - self.start, 1e-9)
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {fraction:4.0%} "
            f"{events:,}/~{self.target:,} events  {rate:,.0f} events/s"
        )
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")
