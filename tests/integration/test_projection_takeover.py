"""Two projection workers on one PostgreSQL: one runs each projection, the
other takes over when it is killed, and every event is applied once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Collection
from datetime import date
from pathlib import Path

import psycopg
import pytest

from adapters.persistence.settings import Settings, postgres_conninfo
from adapters.security import Argon2Hasher
from adapters.wiring import PROJECTIONS, Service, build_application, build_service
from application.app import CertificationApp
from projections import queries
from tests.builders import School, pupil, school
from tests.conftest import FakeClock, settings_for

pytestmark = pytest.mark.postgres
FIRST, THEN = 40, 60
DEADLINE = 60.0  # a bound against hanging, not a measure of speed


def test_a_standby_worker_takes_over_from_a_killed_leader_and_applies_each_event_once(
    tmp_path: Path, request: pytest.FixtureRequest, clock: FakeClock, hasher: Argon2Hasher
) -> None:
    settings = settings_for("postgres", tmp_path, request)
    app = build_application(settings, hasher=hasher, clock=clock)
    service = build_service(settings, app=app, embedded=False)
    workers = [start_worker(settings), start_worker(settings)]
    pids = [w.pid for w in workers]
    try:
        s = school(app)
        enrol(app, s, 0, FIRST)
        leader = until(lambda: sole_holder(settings, pids), "no worker took every projection")
        until(lambda: caught_up(service), "the leader never caught up")
        assert enrolled(service, s) == (FIRST, FIRST)
        enrol(app, s, FIRST, THEN)
        by_pid = {w.pid: w for w in workers}
        by_pid[leader].send_signal(signal.SIGKILL)
        by_pid[leader].wait(timeout=10)
        (standby,) = [pid for pid in by_pid if pid != leader]
        assert until(lambda: sole_holder(settings, pids), "nobody took over") == standby
        until(lambda: caught_up(service), "the standby never caught up")
        assert enrolled(service, s) == (FIRST + THEN, FIRST + THEN)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=20)
        service.close()


def start_worker(settings: Settings) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "CERTIF_DATABASE_URL": settings.database_url,
        "CERTIF_POSTGRES_SCHEMA": settings.postgres_schema,
        "CERTIF_DATA_DIR": str(settings.data_dir),  # the same personal-data secret
    }
    certif = str(Path(sys.executable).parent / "certif")
    return subprocess.Popen(
        [certif, "project", "--batch-size", "5", "--interval", "0.1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def enrol(app: CertificationApp, s: School, start: int, count: int) -> None:
    for n in range(start, start + count):
        app.add_candidate(s.admin, s.session, pupil(f"Élève{n:03d}", "Zoé", date(2011, 1, 1)))


def sole_holder(settings: Settings, pids: Collection[int]) -> int | None:
    """The process id of the one worker holding every projection's lock, if one does."""
    with psycopg.connect(postgres_conninfo(settings.database_url), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT a.application_name, count(*) FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted "
            "AND a.application_name LIKE 'certif-projections-%' GROUP BY 1"
        ).fetchall()
    own = [(name, n) for name, n in rows if int(name.rsplit("-", 1)[1]) in pids]
    if len(own) == 1 and own[0][1] >= len(PROJECTIONS):
        return int(own[0][0].rsplit("-", 1)[1])
    return None


def caught_up(service: Service) -> bool:
    head = service.app.position()
    return all(st.position >= head and not st.rebuilding for st in service.runner.status())


def enrolled(service: Service, s: School) -> tuple[int, int]:
    overview = queries.session_overview(service.views, str(s.centre))
    eligibility = queries.session_eligibility(service.views, str(s.session))
    return overview[0]["enrolled"], eligibility["enrolled"]


def until(found: Callable[[], int | bool | None], failure: str) -> int:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        value = found()
        if value:
            return int(value)
        time.sleep(0.05)
    pytest.fail(failure)
