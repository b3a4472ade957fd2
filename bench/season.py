"""A generated season on PostgreSQL, and a session-day morning on it.

*Generate a season*: ``SeasonGenerator`` writes about a million events
(``quick``: a few thousand), one atomic save per centre; events/s against a
baseline of plain psycopg ``executemany`` inserting the very rows it stored
(same ids, topics and state bytes), in batches of the same sizes, one
transaction each, into a table shaped like the library's stored events.
Target: a million events in under two minutes.

*Session-day morning*: 1,000 sessions of 20 candidates (``quick``: 20), made
by the generator and left before their day; then, through the application's
real commands from a pool of 16 threads, every invigilator starts their
session and every candidate joins with the access code and has their
presence confirmed. Reported: candidates completed per second, p99 of one
command, and whether the whole morning took under 60 s of wall time.

Each part runs in its own schema, dropped afterwards. Times are reported,
never asserted. Run from the project root: ``python -m bench.season``.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import psycopg
from psycopg import sql

from adapters.persistence.settings import Settings
from adapters.season import SeasonGenerator
from adapters.season_plan import SeasonOptions
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from bench.add_candidates import POSTGRES_URL, create_pg_table, own_schema, require_postgres
from bench.rebuild import season_rows
from bench.table import Row, percentile_ms, render
from domain.actors import invigilator_actor
from domain.aggregates.candidate import Candidate
from domain.aggregates.session import Session

MILLION = 1_000_000
EVENTS_PER_PUPIL = 11.8
TARGET_RATE = MILLION / 120  # a million events in two minutes
MORNING_SECONDS = 60.0
WORKERS = 16


def season_settings(schema: str, pool: int = 5) -> Settings:
    return Settings(
        database_url=POSTGRES_URL,
        postgres_schema=schema,
        postgres_pool_size=pool,
        postgres_max_overflow=4,
    )


def opened(schema: str, pool: int = 5) -> CertificationApp:
    settings = season_settings(schema, pool)
    return build_application(settings, hasher=Argon2Hasher(time_cost=1, memory_cost=64))


def generation_rows(admin: psycopg.Connection, events: int) -> list[Row]:
    """The generation's row, then the rebuild of every read model from that season."""
    with own_schema("season") as schema:
        app = opened(schema)
        batches: list[int] = []
        try:
            generator = SeasonGenerator(app, seed=2027)
            summary = generator.run(
                math.ceil(events / EVENTS_PER_PUPIL),
                progress=lambda written, _: batches.append(written - sum(batches)),
            )
        finally:
            app.close()
        baseline = baseline_seconds(schema, batches)
        rebuilt = season_rows(season_settings(schema), summary.events)
    rate, base_rate = summary.events_per_second, summary.events / baseline
    big = summary.events >= MILLION
    generated = Row(
        what="generate a season, PostgreSQL",
        service=f"{rate:,.0f} events/s ({summary.events:,} events, {summary.seconds:.1f} s)",
        baseline=f"{base_rate:,.0f} rows/s (executemany, same rows and batches)",
        ratio=rate / base_rate,
        target="1M events < 120 s",
        met=(rate >= TARGET_RATE) if big else None,
        notes=(
            f"{summary.centres} centres, {summary.sessions} sessions, {summary.candidates:,} "
            f"candidates; one atomic save per centre ({len(batches)} saves)"
            + ("" if big else "; quick run, target judged on a million events only")
        ),
        extra={"events": str(summary.events), "saves": str(len(batches))},
    )
    return [generated, *rebuilt]


def baseline_seconds(schema: str, batches: list[int]) -> float:
    """Plain psycopg inserting the rows the generator stored, batch by batch;
    only the inserts and commits are timed, not the reading of the rows."""
    events = sql.Identifier(schema, "certif_events")
    table = sql.Identifier(schema, "baseline_events")
    insert = sql.SQL(
        "INSERT INTO {} (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)"
    ).format(table)
    select = sql.SQL(
        "SELECT originator_id, originator_version, topic, state FROM {} ORDER BY notification_id"
    ).format(events)
    with psycopg.connect(POSTGRES_URL) as reader, psycopg.connect(POSTGRES_URL) as writer:
        create_pg_table(writer, table)
        writer.commit()
        spent = 0.0
        with reader.cursor(name="season_rows") as rows:
            rows.execute(select)
            for size in batches:
                chunk = rows.fetchmany(size)
                start = time.perf_counter()
                with writer.cursor() as cursor:
                    cursor.executemany(insert, chunk)
                writer.commit()
                spent += time.perf_counter() - start
    return spent


def morning_row(admin: psycopg.Connection, sessions: int) -> Row:
    with own_schema("morning") as schema:
        built: list[tuple[Session, list[Candidate]]] = []
        app = opened(schema)
        try:
            options = SeasonOptions(
                hold=False, session_size=20, on_session=lambda s, c: built.append((s, c))
            )
            SeasonGenerator(app, seed=1000, options=options).run(sessions * 20)
        finally:
            app.close()
        server = opened(schema, pool=WORKERS)
        try:
            wall, latencies, done = morning(server, built)
        finally:
            server.close()
    candidates = sum(len(c) for _, c in built)
    return Row(
        what=f"session-day morning, {len(built)} sessions × 20, PostgreSQL, {WORKERS} threads",
        service=(
            f"{done / wall:,.0f} candidates/s joined and confirmed, p99 "
            f"{percentile_ms(latencies, 0.99):.0f} ms, {wall:.1f} s for {done:,}/{candidates:,}"
        ),
        target="all within 60 s",
        met=(wall <= MORNING_SECONDS and done == candidates) if len(built) >= 1000 else None,
        notes=(
            f"{len(built)} session starts, {candidates:,} joins and {candidates:,} "
            "confirmations through the application's commands"
            + ("" if len(built) >= 1000 else "; quick run, target judged on 1,000 sessions")
        ),
        extra={"sessions": str(len(built)), "candidates": str(candidates), "done": str(done)},
    )


def morning(
    app: CertificationApp, built: list[tuple[Session, list[Candidate]]]
) -> tuple[float, list[float], int]:
    """Every session started, then every candidate joining and confirmed, in a
    shuffled order across sessions; answers the wall time, each command's
    latency and how many candidates were confirmed."""
    latencies: list[float] = []

    def timed(command: Callable[..., object], *args: object) -> None:
        start = time.perf_counter()
        command(*args)
        latencies.append(time.perf_counter() - start)

    def start(session: Session) -> None:
        timed(app.start_session, invigilator_actor(session.id), session.id)

    def sit(entry: tuple[Session, Candidate]) -> bool:
        session, candidate = entry
        who = candidate.personal
        account = f"ent-{candidate.id.hex[:10]}"
        timed(app.join, session.access_code, who.last_name, who.first_name, who.birthdate, account)
        timed(app.confirm_presence, invigilator_actor(session.id), session.id, candidate.id)
        return True

    pupils = [(s, c) for s, candidates in built for c in candidates]
    random.Random(7).shuffle(pupils)
    begun = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(start, [s for s, _ in built]))
        done = sum(pool.map(sit, pupils))
    return time.perf_counter() - begun, latencies, done


def rows(quick: bool = False) -> list[Row]:
    with require_postgres() as admin:
        return [
            *generation_rows(admin, 5_000 if quick else MILLION),
            morning_row(admin, 20 if quick else 1000),
        ]


if __name__ == "__main__":
    print(render(rows()))
