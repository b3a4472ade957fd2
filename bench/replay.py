"""How fast an auditor's replay of one session at a past moment goes.

One session of a centre grows to about 1,000 events through the application's
own commands: 240 candidates enrolled (with extra time for some), the session
started, each candidate joining, starting and finishing the test, a few
incident reports, and the finalisation. The replay asks ``session_as_of`` for
the moment three quarters of the way through the day: the session as it
stood then and each of its candidates then (their own streams, opened with
their keys).

It runs twice on each store, on the same events: without snapshots, and with
the session's snapshots (taken every ``SNAPSHOT_INTERVAL`` events). The
aggregate cache is emptied before each replay, so every replay reads the
store. The baseline, in the same run, is plain SQL reading the same rows:
the session's events up to that moment and every candidate's events, in two
statements, without decoding them.

Times are reported, never asserted. Run from the project root:
``python -m bench.replay [--quick]``; PostgreSQL from
``CERTIF_BENCH_POSTGRES_URL`` (by default the bench's database), in a schema of
its own dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path

import psycopg
from psycopg import sql

from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from application.commands import CandidateInput
from application.eligibility import ProfileInput
from application.ports import SYSTEM_ACTOR
from bench.add_candidates import POSTGRES_URL, candidates, own_schema
from bench.commands import Clock, prepared
from bench.table import Row, percentile_ms, render
from domain.actors import invigilator_actor

TARGET_MS = 20.0
CERTIFIABLE = {"1.1": 24, "1.2": 16, "2.1": 16, "3.1": 16, "4.1": 16}
BENCH_URL = os.environ.get("CERTIF_BENCH_POSTGRES_URL", POSTGRES_URL)


@dataclass(frozen=True)
class Day:
    """The session that was built, and the moment to replay."""

    session_id: uuid.UUID
    candidate_ids: list[uuid.UUID]
    moment: datetime
    events: int
    version_then: int


def a_long_day(app: CertificationApp, clock: Clock, pupils: int) -> Day:
    """A session of `pupils` candidates through its whole day, one second apart."""
    admin, session_id = prepared(app, clock, pupils)
    inputs = candidates(pupils)
    ids = [app.add_candidate(admin, session_id, given).id for given in inputs]
    centre_id = app.get_session(admin, session_id).centre_id
    app.record_profiles(admin, centre_id, [profile_of(given, clock()) for given in inputs])
    for candidate_id in ids[::12]:
        app.note_extra_time(admin, session_id, candidate_id, Decimal("0.33"))
    day = app.get_session(admin, session_id).date
    clock.current = datetime.combine(day, clock_time(8, 0), UTC)
    room = invigilator_actor(session_id)
    app.start_session(room, session_id)
    code = app.get_session(admin, session_id).access_code
    steps: list[Callable[[], object]] = []
    for n, (given, candidate_id) in enumerate(zip(inputs, ids, strict=True)):
        account = f"ent-{n}"
        assert given.birthdate is not None
        steps.append(
            lambda g=given, a=account: app.join(code, g.last_name, g.first_name, g.birthdate, a)
        )
        steps.append(lambda c=candidate_id: app.confirm_presence(room, session_id, c))
        steps.append(lambda c=candidate_id, a=account: app.start_test(c, a))
    steps += [lambda c=c, n=n: app.complete_test(c, f"ent-{n}") for n, c in enumerate(ids)]
    moment = clock.current
    for index, step in enumerate(steps):
        clock.current += timedelta(seconds=1)
        step()
        if index == len(steps) * 3 // 4:
            moment = clock.current
        if index % 200 == 0:
            app.report_incident(room, session_id, "C8", ids[index % len(ids)], "Malaise léger")
    app.finalise(admin, session_id, "Rien à signaler", True, False, {})
    events = app.get_session(admin, session_id).version
    then = app.session_as_of(SYSTEM_ACTOR, session_id, moment=moment).version
    return Day(session_id, ids, moment, events, then)


def profile_of(given: CandidateInput, captured: datetime) -> ProfileInput:
    """A profile that makes the pupil certifiable: five competences at level 2."""
    assert given.birthdate is not None
    return ProfileInput(
        given.last_name, given.first_name, given.birthdate, "Collecte 3e", captured, CERTIFIABLE
    )


def replay_latencies(app: CertificationApp, day: Day, repeats: int) -> list[float]:
    latencies = []
    for _ in range(repeats):
        cache = app.repository.cache
        if cache is not None:
            cache.cache.clear()
        app.keys.forget()
        started = time.perf_counter()
        app.session_as_of(SYSTEM_ACTOR, day.session_id, moment=day.moment)
        latencies.append(time.perf_counter() - started)
    return latencies


def summary(latencies: list[float]) -> str:
    median = statistics.median(latencies) * 1000
    return f"median {median:.1f} ms, p99 {percentile_ms(latencies, 0.99):.1f} ms"


def sqlite_baseline(path: Path, day: Day, repeats: int) -> list[float]:
    """The session's events up to the moment's version, every candidate's events."""
    conn = sqlite3.connect(path)
    session = "SELECT * FROM stored_events WHERE originator_id = ? ORDER BY originator_version"
    marks = ",".join("?" * len(day.candidate_ids))
    many = f"SELECT * FROM stored_events WHERE originator_id IN ({marks}) "
    many += "ORDER BY originator_id, originator_version"

    def read() -> int:
        events = conn.execute(session, (day.session_id.hex,)).fetchall()
        return len(events) + len(conn.execute(many, [c.hex for c in day.candidate_ids]).fetchall())

    try:
        return checked(read, day, repeats)
    finally:
        conn.close()


def postgres_baseline(schema: str, day: Day, repeats: int) -> list[float]:
    table = sql.Identifier(schema, "certif_events")
    session = sql.SQL(
        "SELECT * FROM {} WHERE originator_id = %s ORDER BY originator_version"
    ).format(table)
    many = sql.SQL(
        "SELECT * FROM {} WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version"
    ).format(table)
    with psycopg.connect(BENCH_URL) as conn:

        def read() -> int:
            events = conn.execute(session, (day.session_id,)).fetchall()
            return len(events) + len(conn.execute(many, (day.candidate_ids,)).fetchall())

        return checked(read, day, repeats)


def checked(read: Callable[[], int], day: Day, repeats: int) -> list[float]:
    """The reads' latencies, once sure they read the session's and more rows."""
    if read() <= day.events:
        raise RuntimeError("the baseline read fewer rows than the session holds")
    return [timed_once(read) for _ in range(repeats)]


def timed_once(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def measured(settings: Settings, pupils: int, repeats: int) -> Measured:
    """The day built with snapshots, replayed by an application that loads
    from them and by one, on the same store, that reads whole streams."""
    clock = Clock()
    hasher = Argon2Hasher(time_cost=1, memory_cost=64)
    app = build_application(settings, hasher=hasher, clock=clock)
    plain = build_application(settings.model_copy(update={"snapshot_interval": 0}), hasher=hasher)
    try:
        day = a_long_day(app, clock, pupils)
        assert app.session_as_of(SYSTEM_ACTOR, day.session_id, moment=day.moment) == (
            plain.session_as_of(SYSTEM_ACTOR, day.session_id, moment=day.moment)
        )
        with_them, without = [], []
        for _ in range(3):  # interleaved, so that a noisy moment hits both
            with_them += replay_latencies(app, day, repeats // 3)
            without += replay_latencies(plain, day, repeats // 3)
        return Measured(day, with_them, without)
    finally:
        plain.close()
        app.close()


@dataclass(frozen=True)
class Measured:
    day: Day
    with_snapshots: list[float]
    without: list[float]


def replay_rows(store: str, found: Measured, base: list[float]) -> list[Row]:
    day = found.day
    rows = []
    for how, latencies in (("with", found.with_snapshots), ("without", found.without)):
        median = statistics.median(latencies)
        rows.append(
            Row(
                what=f"replay of a session at a past moment, {store}, {how} snapshots",
                service=summary(latencies),
                baseline=summary(base),
                ratio=statistics.median(base) / median,
                target=f"< {TARGET_MS:.0f} ms median",
                met=median * 1000 < TARGET_MS,
                notes=f"a {day.events}-event session of {len(day.candidate_ids)} candidates "
                f"replayed at version {day.version_then}, caches emptied; baseline: plain SQL "
                "reading the session's and the candidates' event rows, undecoded",
            )
        )
    return rows


def rows(quick: bool = False) -> list[Row]:
    pupils, repeats = (6, 6) if quick else (240, 60)
    found = []
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        path = Path(folder) / "replay.sqlite3"
        measured_here = measured(Settings(database_url=f"sqlite:///{path}"), pupils, repeats)
        base = sqlite_baseline(path, measured_here.day, repeats)
        found += replay_rows("SQLite", measured_here, base)
    with own_schema("replay", BENCH_URL) as schema:
        settings = Settings(database_url=BENCH_URL, postgres_schema=schema)
        measured_here = measured(settings, pupils, repeats)
        base = postgres_baseline(schema, measured_here.day, repeats)
        found += replay_rows("PostgreSQL", measured_here, base)
    return found


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a tiny run, for a smoke test")
    print(render(rows(parser.parse_args().quick)))
