"""A projection worker killed with SIGKILL resumes without loss or double count."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import Service, build_application, build_service
from projections import queries
from projections.engine import active_generation
from tests.builders import pupil, school
from tests.conftest import FakeClock, settings_for

PUPILS = 150


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_killed_worker_resumes_without_loss_or_double_count(
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
        head = app.position()
        kill_worker_midway(settings, service, head)
        service.runner.catch_up()
        overview = queries.session_overview(service.views, str(s.centre))
        assert overview[0]["enrolled"] == PUPILS
        assert queries.session_eligibility(service.views, str(s.session))["enrolled"] == PUPILS
    finally:
        service.close()


def kill_worker_midway(settings: Settings, service: Service, head: int) -> None:
    env = os.environ | {
        "CERTIF_DATABASE_URL": settings.database_url,
        "CERTIF_POSTGRES_SCHEMA": settings.postgres_schema,
        "CERTIF_DATA_DIR": str(settings.data_dir),  # the same personal-data secret
    }
    certif = str(Path(sys.executable).parent / "certif")
    worker = subprocess.Popen(
        [certif, "project", "--batch-size", "3", "--interval", "0.05"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_progress(service, head)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)


def wait_for_progress(service: Service, head: int) -> None:
    """Until the worker is part-way: some events applied, not all."""
    views = service.views
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        generation = active_generation(views, "sessions")
        if generation is not None and 0 < generation.position < head:
            return
        time.sleep(0.01)
    pytest.fail("the worker made no visible progress before the deadline")
