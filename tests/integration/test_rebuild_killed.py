"""A projection worker killed with SIGKILL in the middle of a rebuild: the next run
finishes the rebuild and ends with the rows of a clean rebuild."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from adapters.security import Argon2Hasher
from adapters.wiring import Service, build_application, build_service
from application.ports import SYSTEM_ACTOR
from projections.engine import active_generation
from tests.builders import pupil, school
from tests.conftest import FakeClock, settings_for

PUPILS = 120
NAME = "eligibility"


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_worker_killed_mid_rebuild_ends_with_the_rows_of_a_clean_rebuild(
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    clock: FakeClock,
    hasher: Argon2Hasher,
) -> None:
    settings = settings_for(backend, tmp_path, request)
    app = build_application(settings, hasher=hasher, clock=clock)
    service = build_service(settings, app=app, embedded=False)
    try:
        s = school(app)
        for n in range(PUPILS):
            app.add_candidate(s.admin, s.session, pupil(f"Élève{n:03d}", "Zoé", date(2011, 1, 1)))
        service.runner.catch_up()
        app.change_eligibility_rule(SYSTEM_ACTOR, 4, 1, date(2026, 1, 1), "Rentrée")
        env = os.environ | {
            "CERTIF_DATABASE_URL": settings.database_url,
            "CERTIF_POSTGRES_SCHEMA": settings.postgres_schema,
            "CERTIF_DATA_DIR": str(tmp_path),
        }
        worker = start_worker(env, "--batch-size", "2", "--interval", "0.05")
        try:
            wait_for_half_a_rebuild(service, app.position())
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        resumed = start_worker(env, "--once")
        assert resumed.wait(timeout=120) == 0
        active = active_generation(service.views, NAME)
        assert active is not None
        assert active.rule_version == 2
        assert [g.number for g in service.views.generations(NAME)] == [active.number]
        after_the_kill = rows(service, active.number)
        service.runner.rebuild(NAME)
        clean = active_generation(service.views, NAME)
        assert clean is not None
        assert clean.number > active.number
        assert rows(service, clean.number) == after_the_kill
        assert len(after_the_kill) > PUPILS
    finally:
        service.close()


def start_worker(env: dict[str, str], *options: str) -> subprocess.Popen[bytes]:
    certif = str(Path(sys.executable).parent / "certif")
    return subprocess.Popen(
        [certif, "project", *options],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_half_a_rebuild(service: Service, head: int) -> None:
    """Until a new generation is part-way filled, not yet switched to."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        generations = service.views.generations(NAME)
        active = next((g for g in generations if g.active), None)
        building = [g for g in generations if active and g.number > active.number]
        if building and 0 < building[0].position < head:
            return
        time.sleep(0.01)
    pytest.fail("the worker was never seen part-way through the rebuild")


def rows(service: Service, number: int) -> list[tuple[Any, ...]]:
    """Every row of one generation, as stored, its personal values opened (each
    is sealed with a fresh nonce, so two rebuilds never store the same bytes)."""
    query = getattr(service.views, "_query")  # noqa: B009
    codec = getattr(service.views, "codec")  # noqa: B009
    found: list[tuple[Any, ...]] = query(
        "SELECT kind, key, parent, doc FROM certif_view_rows "
        "WHERE projection = ? AND number = ? ORDER BY kind, key",
        (NAME, number),
    )
    return [(kind, key, parent, codec.for_reading(doc)) for kind, key, parent, doc in found]
