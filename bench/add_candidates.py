"""How long adding a candidate takes, through the application and in plain SQL.

``CertificationApp.add_candidate`` fast-forwards the cached session (and its
centre) with the events stored since, then saves the candidate's event and the
session's enrolment event in one atomic save. Measured in the same run, the
baseline is plain sqlite3 / psycopg doing that database work per candidate in
one transaction: select the session stream's events after a known version, then
insert two event rows (JSON of the sizes the app stores) into a table shaped
like eventsourcing's; on PostgreSQL also the bigserial notification id, the
NOTIFY and the ``LOCK TABLE ... IN EXCLUSIVE MODE`` the library issues per
insert. The ratio app/baseline is what the application layer (domain rules,
transcoding, cache copies, pooling, its extra read of the centre) costs on top
of the unavoidable database work. Times are reported, never asserted.

Run from the project root: ``python -m bench.add_candidates [--candidates N]``.
"""

from __future__ import annotations

import argparse
import json
import math
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path

import psycopg
from psycopg import sql

from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from application.commands import CandidateInput
from application.ports import SYSTEM_ACTOR
from domain.values import CentreType, Role

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
CANDIDATE_TOPIC = "certif:Candidate.CandidateAdded"
SESSION_TOPIC = "certif:Session.CandidateEnrolled"
CANDIDATE_STATE = json.dumps({"personal": "y" * 790}).encode()  # as a stored CandidateAdded
SESSION_STATE = json.dumps({"identity_key": "k" * 340}).encode()  # as a CandidateEnrolled


SELECT_AFTER = "SELECT * FROM {t} WHERE originator_id = {p} AND originator_version > {p} "
SELECT_AFTER += "ORDER BY originator_version ASC"


@dataclass(frozen=True)
class Result:
    """Per-candidate latencies, in seconds, of one way of adding candidates."""

    backend: str
    what: str
    latencies: list[float]

    @property
    def total(self) -> float:
        return sum(self.latencies)

    def p95_ms(self) -> float:
        """Nearest-rank 95th percentile."""
        ordered = sorted(self.latencies)
        return ordered[math.ceil(0.95 * len(ordered)) - 1] * 1000


def timed(step: Callable[[int], object], count: int) -> list[float]:
    latencies = []
    for index in range(count):
        start = time.perf_counter()
        step(index)
        latencies.append(time.perf_counter() - start)
    return latencies


def candidates(count: int) -> list[CandidateInput]:
    """Distinct names and birthdates: the session refuses duplicates."""
    first = date(2010, 1, 1)
    return [
        CandidateInput(
            last_name=f"Nom{index:05d}",
            first_name=f"Prénom{index:05d}",
            birthdate=first + timedelta(days=index % 700),
            division=f"3e {'ABC'[index % 3]}",
            external_id=f"INE{index:08d}",
        )
        for index in range(count)
    ]


def open_session(app: CertificationApp) -> tuple[uuid.UUID, uuid.UUID]:
    """An administrator, their centre and one future session (no windows)."""
    admin = app.open_account(
        SYSTEM_ACTOR, "bench@example.org", "Bench Admin", "bench-password", Role.ADMINISTRATOR
    )
    centre = app.register_centre(
        SYSTEM_ACTOR, "Collège du banc", CentreType.SCO, "0000000A", admin.id
    )
    day = date.today() + timedelta(days=30)
    session = app.create_session(
        admin.id, centre.id, "Bâtiment A", "Salle 1", "M. Examinateur", day, clock_time(9, 0)
    )
    return admin.id, session.id


def app_latencies(settings: Settings, count: int) -> list[float]:
    hasher = Argon2Hasher(time_cost=1, memory_cost=64)
    app = build_application(settings, hasher=hasher)
    try:
        admin_id, session_id = open_session(app)
        inputs = candidates(count)
        return timed(lambda i: app.add_candidate(admin_id, session_id, inputs[i]), count)
    finally:
        app.close()


def sqlite_baseline(path: Path, count: int) -> list[float]:
    """The SQLite recorder's table, WAL journal and explicit BEGIN/COMMIT."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, "
        "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
    )
    select = SELECT_AFTER.format(t="stored_events", p="?")
    insert = "INSERT INTO stored_events VALUES (?, ?, ?, ?)"
    session = uuid.uuid4().hex
    conn.execute(insert, (session, 1, SESSION_TOPIC, SESSION_STATE))

    def add(index: int) -> None:
        conn.execute("BEGIN")
        conn.execute(select, (session, index)).fetchall()
        conn.execute(insert, (uuid.uuid4().hex, 1, CANDIDATE_TOPIC, CANDIDATE_STATE))
        conn.execute(insert, (session, index + 2, SESSION_TOPIC, SESSION_STATE))
        conn.execute("COMMIT")

    try:
        return timed(add, count)
    finally:
        conn.close()


def create_pg_table(conn: psycopg.Connection, table: sql.Identifier) -> None:
    conn.execute(
        sql.SQL(
            "CREATE TABLE {} (originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
            "topic text, state bytea, notification_id bigserial, "
            "PRIMARY KEY (originator_id, originator_version))"
        ).format(table)
    )
    conn.execute(sql.SQL("CREATE UNIQUE INDEX ON {} (notification_id)").format(table))


def postgres_baseline(schema: str, count: int) -> list[float]:
    """The PostgreSQL recorder's table; lock, notify and insert pipelined, as it does."""
    table = sql.Identifier(schema, "baseline_events")
    select = sql.SQL(SELECT_AFTER).format(t=table, p=sql.Placeholder())
    lock = sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(table)
    insert = sql.SQL(
        "INSERT INTO {} (originator_id, originator_version, topic, state) "
        "VALUES (%s, %s, %s, %s), (%s, %s, %s, %s) RETURNING notification_id"
    ).format(table)
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        create_pg_table(conn, table)
        session = uuid.uuid4()
        centre = (uuid.uuid4(), 1, "certif:Centre.CentreRegistered", SESSION_STATE)
        conn.execute(insert, (session, 1, SESSION_TOPIC, SESSION_STATE, *centre))

        def add(index: int) -> None:
            with conn.transaction():
                conn.execute(select, (session, index), prepare=True).fetchall()
                with conn.pipeline():
                    conn.execute("SET LOCAL lock_timeout = '0s'")
                    conn.execute(lock, prepare=True)
                    conn.execute("NOTIFY baseline_events")
                    added = (uuid.uuid4(), 1, CANDIDATE_TOPIC, CANDIDATE_STATE)
                    enrolled = (session, index + 2, SESSION_TOPIC, SESSION_STATE)
                    cursor = conn.execute(insert, (*added, *enrolled), prepare=True)
                cursor.fetchall()

        return timed(add, count)


def require_postgres() -> psycopg.Connection:
    try:
        return psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        print(f"error: PostgreSQL unreachable at {POSTGRES_URL}: {reason}", file=sys.stderr)
        raise SystemExit(2) from None


@contextmanager
def own_schema(what: str, url: str = POSTGRES_URL) -> Iterator[str]:
    """A PostgreSQL schema of the bench's own, dropped afterwards."""
    name = f"bench_{what}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as admin:
        admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        try:
            yield name
        finally:
            admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(name)))


def run_sqlite(count: int) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'app.sqlite3'}")
        app = Result("sqlite", "app", app_latencies(settings, count))
        base = Result("sqlite", "baseline", sqlite_baseline(Path(folder) / "base.sqlite3", count))
    return [app, base]


def run_postgres(admin: psycopg.Connection, count: int) -> list[Result]:
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        settings = Settings(database_url=POSTGRES_URL, postgres_schema=schema)
        app = Result("postgresql", "app", app_latencies(settings, count))
        base = Result("postgresql", "baseline", postgres_baseline(schema, count))
    finally:
        admin.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
    return [app, base]


HEADER = ["backend", "what", "candidates", "total s", "per candidate ms", "candidates/s"]
HEADER += ["median ms", "p95 ms", "ratio vs baseline"]


def table_row(result: Result, baseline: Result) -> list[str]:
    count, total = len(result.latencies), result.total
    return [
        *(result.backend, result.what, str(count), f"{total:.3f}"),
        *(f"{total / count * 1000:.3f}", f"{count / total:.0f}"),
        *(f"{statistics.median(result.latencies) * 1000:.3f}", f"{result.p95_ms():.3f}"),
        f"{total / baseline.total:.2f}",
    ]


def print_table(results: list[Result]) -> None:
    baselines = {r.backend: r for r in results if r.what == "baseline"}
    rows = [HEADER] + [table_row(r, baselines[r.backend]) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    for number, row in enumerate(rows):
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if number == 0:
            print("-+-".join("-" * width for width in widths))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--candidates", type=int, default=300, help="candidates to add")
    count: int = parser.parse_args(argv).candidates
    if count < 1:
        parser.error("--candidates must be at least 1")
    with require_postgres() as admin:
        results = run_sqlite(count) + run_postgres(admin, count)
    print_table(results)


if __name__ == "__main__":
    main()
