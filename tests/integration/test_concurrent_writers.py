"""Eight processes write to the same sessions at once (PostgreSQL): every
acknowledged command is stored exactly once, each stream's versions follow each
other without a gap, and the read models agree with the store."""

from __future__ import annotations

import multiprocessing
from collections import Counter
from datetime import UTC, date, datetime, time
from pathlib import Path
from uuid import UUID

import pytest

from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application, build_service
from projections import queries
from tests.builders import pupil, school
from tests.conftest import FakeClock, settings_for

PROCESSES = 8
COMMANDS = 200
SESSIONS = 4


def write(settings: Settings, admin: UUID, sessions: list[UUID], worker: int) -> list[str]:
    """One process: COMMANDS enrolments spread over the shared sessions."""
    clock = FakeClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    # eight processes opening the store at once race in PostgreSQL's catalog
    app = build_application(settings, hasher=Argon2Hasher(1, 64), clock=clock)
    acknowledged = []
    try:
        for n in range(COMMANDS):
            name = f"P{worker}-{n:03d}"
            app.add_candidate(admin, sessions[n % SESSIONS], pupil(name, "Zoé", date(2011, 1, 1)))
            acknowledged.append(name)
    finally:
        app.close()
    return acknowledged


@pytest.mark.postgres
def test_eight_processes_on_the_same_sessions_lose_and_double_nothing(
    tmp_path: Path, request: pytest.FixtureRequest, clock: FakeClock, hasher: Argon2Hasher
) -> None:
    settings = settings_for("postgres", tmp_path, request)
    app = build_application(settings, hasher=hasher, clock=clock)
    service = build_service(settings, app=app, embedded=False)
    try:
        s = school(app)
        sessions = [s.session] + [
            app.create_session(
                s.admin, s.centre, "B", f"Salle {n}", "X", date(2027, 3, 15), time(9, 0)
            ).id
            for n in range(1, SESSIONS)
        ]
        context = multiprocessing.get_context("spawn")
        with context.Pool(PROCESSES) as pool:
            jobs = [
                pool.apply_async(write, (settings, s.admin, sessions, worker))
                for worker in range(PROCESSES)
            ]
            acknowledged = [name for job in jobs for name in job.get(timeout=600)]
        assert len(acknowledged) == PROCESSES * COMMANDS

        stored = [
            c.last_name for session in sessions for c in app.list_candidates(s.admin, session)
        ]
        assert Counter(stored) == Counter(acknowledged)
        enrolled = [
            n
            for n in app.recorder.select_notifications(start=1, limit=100_000)
            if n.topic == "certif:Session.CandidateEnrolled"
        ]
        assert len(enrolled) == len(acknowledged)
        for session in sessions:
            versions = [e.originator_version for e in app.recorder.select_events(session)]
            assert versions == list(range(1, len(versions) + 1))

        service.runner.catch_up()
        overview = {
            row["id"]: row for row in queries.session_overview(service.views, str(s.centre))
        }
        for session in sessions:
            count = len(app.list_candidates(s.admin, session))
            assert overview[str(session)]["enrolled"] == count
            eligibility = queries.session_eligibility(service.views, str(session))
            assert eligibility["enrolled"] == count
    finally:
        service.close()
