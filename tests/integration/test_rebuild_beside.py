"""A rebuild runs beside catch-up: while one projection's new generation is
being filled, the other projections, and its own active generation, keep
following the log, and a read waits only for the projections it reads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from adapters.persistence.leases import AllLeases
from adapters.projector import Projector
from adapters.security import Argon2Hasher
from adapters.wiring import Service, build_application, build_service
from application.app import CertificationApp
from projections import queries
from projections.eligibility import EligibilityProjection
from projections.engine import Rows
from projections.runner import ProjectionRunner
from projections.sessions import SessionsProjection
from tests.builders import School, pupil, school
from tests.conftest import FakeClock, settings_for

pytestmark = pytest.mark.postgres  # on SQLite a held batch holds the whole file
DEADLINE = 30.0  # a bound against hanging, not a measure of speed
released = threading.Event()


class HeldInRebuilds(EligibilityProjection):
    """Eligibility, whose rebuild stops on its first event until released."""

    def apply(self, event: Any, position: int, rows: Rows) -> None:
        if threading.current_thread().name == "rebuilds":
            released.wait()
        super().apply(event, position, rows)


@pytest.fixture
def service(
    tmp_path: Path, request: pytest.FixtureRequest, clock: FakeClock, hasher: Argon2Hasher
) -> Iterator[Service]:
    settings = settings_for("postgres", tmp_path, request)
    app = build_application(settings, hasher=hasher, clock=clock)
    running = build_service(settings, app=app, embedded=False)
    running.runner = ProjectionRunner(
        app.recorder, app.mapper, running.views, [HeldInRebuilds, SessionsProjection], app, 5
    )
    yield running
    released.set()
    running.close()


def test_a_rebuild_held_up_stops_neither_the_other_projections_nor_its_active_rows(
    service: Service,
) -> None:
    app, runner = service.app, service.runner
    released.clear()
    s = school(app)
    enrol(app, s, 0, 10)
    runner.catch_up()
    runner.request_rebuild("eligibility")
    projector = Projector(runner, AllLeases(), interval=0.05)
    projector.start()
    try:
        until(lambda: status(runner, "eligibility").rebuild is not None, "no rebuild seen")
        enrol(app, s, 10, 10)
        head = app.position()
        projector.poke()
        assert runner.wait_for(head, DEADLINE, names=("sessions",))
        assert runner.wait_for(head, DEADLINE, names=("eligibility",))
        held = status(runner, "eligibility")
        assert held.generation == 1  # still the active one, caught up meanwhile
        assert held.rebuild is not None
        assert held.rebuild.position < head
        assert queries.session_eligibility(service.views, str(s.session))["enrolled"] == 20
        released.set()
        until(lambda: status(runner, "eligibility").generation == 2, "never switched")
    finally:
        projector.stop()
    assert [g.number for g in service.views.generations("eligibility")] == [2]
    assert queries.session_eligibility(service.views, str(s.session))["enrolled"] == 20


def enrol(app: CertificationApp, s: School, start: int, count: int) -> None:
    for n in range(start, start + count):
        app.add_candidate(s.admin, s.session, pupil(f"Élève{n:03d}", "Zoé", date(2011, 1, 1)))


def status(runner: ProjectionRunner, name: str) -> Any:
    return runner.status([name])[0]


def until(found: Callable[[], bool], failure: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if found():
            return
        time.sleep(0.02)
    pytest.fail(failure)
