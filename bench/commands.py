"""How fast the day's commands go through the application, against plain SQL.

Three commands of a session are timed one after the other through
``CertificationApp``: adding a candidate (the candidate's event and the
session's enrolment, saved together), noting extra time (the candidate's event
and the session's amended entry) and confirming a candidate's presence (the
candidate's event). Each command checks access first: the acting account, the
session and its centre, read from the repository's cache of aggregates and
fast-forwarded with whatever the store holds after the cached version.

Measured in the same run, the baseline is what the brief calls the least a
command can do: plain sqlite3 / psycopg doing one read (the stream's events
after a known version), one insert of an event row and a commit, per command,
without the library's ``LOCK TABLE ... IN EXCLUSIVE MODE`` and NOTIFY. The
ratio is service throughput over baseline throughput (higher is better for the
service): what the domain rules, the access checks, transcoding, sealing of
personal data, cache copies and the library's table lock cost on top.

The replay of a session at a past moment, with and without snapshots, is
measured by ``bench.replay``.

Over HTTP, on several server processes, and the projections' lag: see
``bench.over_http``.

Times are reported, never asserted. Run from the project root:
``python -m bench.commands [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
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
from application.ports import SYSTEM_ACTOR
from bench.add_candidates import POSTGRES_URL, candidates, require_postgres
from bench.table import Row, percentile_ms, render
from domain.actors import invigilator_actor
from domain.values import CentreType, Role

STATE = json.dumps({"personal": "y" * 790}).encode()  # about a stored CandidateAdded
SELECT_AFTER = "SELECT * FROM {t} WHERE originator_id = {p} AND originator_version > {p} "
SELECT_AFTER += "ORDER BY originator_version ASC"
COMMANDS = ("add a candidate", "note extra time", "confirm presence")


class Clock:
    """The bench's own time: today while the session is prepared, then its day."""

    def __init__(self) -> None:
        self.current = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.current


def timed(step: Callable[[int], object], count: int) -> list[float]:
    latencies = []
    for index in range(count):
        start = time.perf_counter()
        step(index)
        latencies.append(time.perf_counter() - start)
    return latencies


def prepared(app: CertificationApp, clock: Clock, count: int) -> tuple[uuid.UUID, uuid.UUID]:
    admin = app.open_account(
        SYSTEM_ACTOR, "bench@example.org", "Bench Admin", "bench-password", Role.ADMINISTRATOR
    )
    centre = app.register_centre(
        SYSTEM_ACTOR, "Collège du banc", CentreType.SCO, "0000000A", admin.id
    )
    day = clock().date() + timedelta(days=30)
    session = app.create_session(
        admin.id, centre.id, "Bâtiment A", "Salle 1", "M. Examinateur", day, clock_time(9, 0)
    )
    names = [f"Surveillant {n}" for n in range(max(1, math.ceil(count / 10)) + 1)]
    app.name_invigilators(admin.id, session.id, names)
    return admin.id, session.id


def app_latencies(settings: Settings, count: int) -> dict[str, list[float]]:
    clock = Clock()
    app = build_application(settings, hasher=Argon2Hasher(time_cost=1, memory_cost=64), clock=clock)
    try:
        admin, session_id = prepared(app, clock, count)
        inputs = candidates(count)
        ids: list[uuid.UUID] = []
        added = timed(
            lambda i: ids.append(app.add_candidate(admin, session_id, inputs[i]).id), count
        )
        noted = timed(
            lambda i: app.note_extra_time(admin, session_id, ids[i], Decimal("0.33")), count
        )
        day = app.get_session(admin, session_id).date
        clock.current = datetime.combine(day, clock_time(8, 30), UTC)
        room = invigilator_actor(session_id)
        app.start_session(room, session_id)
        code = app.get_session(admin, session_id).access_code
        for n, given in enumerate(inputs):
            assert given.birthdate is not None
            app.join(code, given.last_name, given.first_name, given.birthdate, f"ent-{n}")
        confirmed = timed(lambda i: app.confirm_presence(room, session_id, ids[i]), count)
        return dict(zip(COMMANDS, (added, noted, confirmed), strict=True))
    finally:
        app.close()


def sqlite_baseline(path: Path, count: int) -> list[float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, "
        "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
    )
    select = SELECT_AFTER.format(t="stored_events", p="?")
    insert = "INSERT INTO stored_events VALUES (?, ?, ?, ?)"
    stream = uuid.uuid4().hex

    def command(index: int) -> None:
        conn.execute("BEGIN")
        conn.execute(select, (stream, index)).fetchall()
        conn.execute(insert, (stream, index + 1, "certif:Bench", STATE))
        conn.execute("COMMIT")

    try:
        return timed(command, count)
    finally:
        conn.close()


def postgres_baseline(schema: str, count: int, locked: bool = False) -> list[float]:
    """One read, one insert, a commit; `locked` adds what the library's recorder
    issues before each insert: LOCK TABLE ... IN EXCLUSIVE MODE and NOTIFY."""
    table = sql.Identifier(schema, f"baseline_{uuid.uuid4().hex[:8]}")
    lock = sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(table)
    select = sql.SQL(SELECT_AFTER).format(t=table, p=sql.Placeholder())
    insert = sql.SQL(
        "INSERT INTO {} (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)"
    ).format(table)
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(
            sql.SQL(
                "CREATE TABLE {} (originator_id uuid NOT NULL, originator_version bigint NOT NULL,"
                " topic text, state bytea, PRIMARY KEY (originator_id, originator_version))"
            ).format(table)
        )
        stream = uuid.uuid4()

        def command(index: int) -> None:
            with conn.transaction():
                conn.execute(select, (stream, index), prepare=True).fetchall()
                if locked:
                    conn.execute(lock, prepare=True)
                    conn.execute("NOTIFY bench_events")
                conn.execute(insert, (stream, index + 1, "certif:Bench", STATE), prepare=True)

        return timed(command, count)


TARGET_RATIO = 0.8
"""Throughput of a command against the plain-driver baseline."""


def command_rows(backend: str, service: dict[str, list[float]], base: list[float]) -> list[Row]:
    base_rate = len(base) / sum(base)
    rows = []
    for what, latencies in service.items():
        rate = len(latencies) / sum(latencies)
        rows.append(
            Row(
                what=f"{what}, application, {backend}",
                service=f"{rate:.0f}/s, p50 {percentile_ms(latencies, 0.5):.2f} ms, "
                f"p99 {percentile_ms(latencies, 0.99):.2f} ms",
                baseline=f"{base_rate:.0f}/s, p50 {percentile_ms(base, 0.5):.2f} ms, "
                f"p99 {percentile_ms(base, 0.99):.2f} ms",
                ratio=rate / base_rate,
                target=f"≥ {TARGET_RATIO} ×",
                met=rate / base_rate >= TARGET_RATIO,
                notes=f"{len(latencies)} commands; baseline: one read, one insert, a commit",
            )
        )
    return rows


def lock_row(plain: list[float], locked: list[float]) -> Row:
    cost = (statistics.median(locked) - statistics.median(plain)) * 1000
    return Row(
        what="the library's LOCK TABLE and NOTIFY per insert, PostgreSQL",
        service=f"p50 {percentile_ms(locked, 0.5):.2f} ms with them",
        baseline=f"p50 {percentile_ms(plain, 0.5):.2f} ms without",
        ratio=statistics.median(plain) / statistics.median(locked),
        notes=f"one writer: {cost:+.2f} ms a command at the median; the lock also "
        "serialises every writer of the store",
    )


def run(folder: Path, admin: psycopg.Connection, count: int) -> list[Row]:
    rows = command_rows(
        "SQLite",
        app_latencies(Settings(database_url=f"sqlite:///{folder / 'app.sqlite3'}"), count),
        sqlite_baseline(folder / "base.sqlite3", count),
    )
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        settings = Settings(database_url=POSTGRES_URL, postgres_schema=schema)
        rows += command_rows(
            "PostgreSQL", app_latencies(settings, count), postgres_baseline(schema, count)
        )
        rows.append(
            lock_row(postgres_baseline(schema, count), postgres_baseline(schema, count, True))
        )
    finally:
        admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
    return rows


def rows(quick: bool = False) -> list[Row]:
    count = 5 if quick else 200
    with require_postgres() as admin, tempfile.TemporaryDirectory(prefix="bench-") as folder:
        return run(Path(folder), admin, count)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a tiny run, for a smoke test")
    print(render(rows(parser.parse_args().quick)))
