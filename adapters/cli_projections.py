"""The projections' commands: run them as a worker, rebuild one, show them."""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, TextIO

import typer

from adapters.persistence.settings import Settings
from adapters.projector import Projector
from adapters.wiring import PROJECTIONS, Service, build_leases, build_service
from projections.progress import ProjectionStatus, RebuildProgress
from projections.runner import ProjectionRunner

BAR_WIDTH = 30
QUIET_SECONDS = 5.0  # between two lines when stderr is not a terminal


def register(cli: typer.Typer, load_settings: Callable[[], Settings]) -> None:
    @contextmanager
    def service() -> Iterator[tuple[Settings, Service]]:
        settings = load_settings()
        running = build_service(settings, embedded=False)
        try:
            yield settings, running
        finally:
            running.close()

    @cli.command()
    def project(
        once: Annotated[
            bool, typer.Option(help="Catch up once, rebuilds included, then stop")
        ] = False,
        interval: Annotated[float, typer.Option(help="Seconds between catch-ups")] = 0.5,
        batch_size: Annotated[int, typer.Option(min=1, help="Events per transaction")] = 500,
    ) -> None:
        """Run the projections as a worker process, until stopped (SIGTERM, Ctrl-C).

        Several workers may run against one PostgreSQL: each projection is run
        by one of them at a time, and another takes it over within seconds of
        its end. On SQLite run one process only."""
        with service() as (settings, running):
            running.runner.batch_size = batch_size
            leases = build_leases(settings)
            if once:
                held = leases.hold(running.runner.names)
                applied = running.runner.catch_up(held)
                leases.close()
                typer.echo(f"{applied} event(s) applied")
                return
            run_until_stopped(Projector(running.runner, leases, interval))

    @cli.command()
    def rebuild(
        name: Annotated[
            str,
            typer.Argument(
                metavar="NAME",
                help="The projection to rebuild: " + ", ".join(p.name for p in PROJECTIONS),
            ),
        ],
    ) -> None:
        """Rebuild a projection from the first event; reads use the old rows until it switches.

        The progress shows on stderr. When a worker runs that projection, the
        worker fills the new generation and this command follows it."""
        with service() as (settings, running):
            runner = running.runner
            try:
                number = runner.request_rebuild(name)
            except KeyError as exc:
                raise typer.Exit(fail(str(exc.args[0]))) from None
            leases = build_leases(settings)
            try:
                if name in leases.hold([name]):
                    fill(runner, name, number)
                else:
                    typer.echo(f"{name} is run by another process: following it", err=True)
                    follow(runner, name, number)
            finally:
                leases.close()
        typer.echo(f"{name} rebuilt (generation {number}) and switched")

    @cli.command()
    def projections() -> None:
        """Show each projection's generation, position and lag, and any rebuild's progress."""
        with service() as (_, running):
            for s in running.runner.status():
                typer.echo(status_line(s))


def fail(message: str) -> int:
    typer.echo(f"error: {message}", err=True)
    return 1


def run_until_stopped(projector: Projector) -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    projector.start()
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        projector.stop()


def fill(runner: ProjectionRunner, name: str, number: int) -> None:
    bar = ProgressBar(name, sys.stderr)
    while True:
        step = runner.rebuild_step(name, batches=5)
        if step is None or step.switched:
            bar.end()
            return
        bar.show(runner.status([name])[0].rebuild)


def follow(runner: ProjectionRunner, name: str, number: int) -> None:
    bar = ProgressBar(name, sys.stderr)
    while True:
        status = runner.status([name])[0]
        if status.generation >= number or status.rebuild is None:
            bar.end()
            return
        bar.show(status.rebuild)
        time.sleep(0.5)


class ProgressBar:
    """One line redrawn on a terminal; a line every few seconds elsewhere."""

    def __init__(self, name: str, out: TextIO) -> None:
        self.name, self.out = name, out
        self.tty = out.isatty()
        self.last = 0.0

    def show(self, progress: RebuildProgress | None) -> None:
        if progress is None:
            return
        now = time.monotonic()
        if not self.tty and now - self.last < QUIET_SECONDS:
            return
        self.last = now
        end = "" if self.tty else "\n"
        self.out.write(("\r" if self.tty else "") + bar_line(self.name, progress) + end)
        self.out.flush()

    def end(self) -> None:
        if self.tty:
            self.out.write("\n")
            self.out.flush()


def bar_line(name: str, p: RebuildProgress) -> str:
    filled = int(BAR_WIDTH * p.percent / 100)
    speed = f"{p.events_per_second:,.0f} events/s" if p.events_per_second else "… events/s"
    left = f", {p.seconds_left:,.0f} s left" if p.seconds_left is not None else ""
    return (
        f"{name} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {p.percent:5.1f}% "
        f"{p.position}/{p.head}, {speed}{left}"
    )


def status_line(s: ProjectionStatus) -> str:
    line = (
        f"{s.name:<12} generation {s.generation}  position {s.position}/{s.head}  "
        f"lag {s.lag}  rule v{s.rule_version}"
    )
    if s.rebuild is not None:
        line += f"  rebuilding: {bar_line(f'generation {s.rebuild.generation}', s.rebuild)}"
    elif s.rebuilding:
        line += "  rebuilding"
    return line + (f"  FAILING: {s.error}" if s.error else "")
