"""How fast each read model is rebuilt from a store of many events, and with
how much memory, on SQLite and PostgreSQL.

The store is filled by ``bench.filler`` (one collège through the commands,
then copies of its events). Each projection is then rebuilt from the first
event, as ``certif rebuild`` does; its rate is the events of its topics
applied per second, its memory the peak resident size above the size before.
The baseline, in the same run, is plain SQL reading the same notification
rows a page at a time and writing as many rows as the read model holds with
``executemany``, one commit per page.

Run from the project root: ``python -m bench.rebuild [--events N]``.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from adapters.persistence.settings import Settings
from adapters.wiring import PROJECTIONS, Service, build_application, build_service
from bench.add_candidates import own_schema
from bench.filler import Clock, Copier, template
from bench.table import Row, render

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
EVENTS, QUICK_EVENTS = 200_000, 3_000
TARGET_RATE, TARGET_MB = 50_000, 300
PAGE = 500


@dataclass(frozen=True)
class Rebuilt:
    projection: str
    events: int
    seconds: float
    peak_mb: float
    rows: int


class PeakMemory:
    """The highest resident size seen while the block ran, above the size before."""

    def __init__(self) -> None:
        self.peak = self.start = 0
        self._stop = threading.Event()

    def __enter__(self) -> PeakMemory:
        self.start = self.peak = resident()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, resident())

    def _watch(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, resident())

    @property
    def mb(self) -> float:
        return (self.peak - self.start) / 2**20


def resident() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def rebuild_all(settings: Settings, events: int) -> tuple[int, str, list[Rebuilt]]:
    """How many events the store holds, the name of their table, each rebuild."""
    clock = Clock()
    app = build_application(settings, clock=clock)
    service = build_service(settings, app=app, embedded=False)
    try:
        template(app, clock)
        held = Copier(app).write(events)
        found = rebuild_each(service)
        return held, str(getattr(app.recorder, "events_table_name", "stored_events")), found
    finally:
        service.close()


def rebuild_each(service: Service) -> list[Rebuilt]:
    """Every read model rebuilt from the first event, one after the other, as
    ``certif rebuild NAME`` does: events of its topics, seconds, peak memory, rows."""
    found = []
    for projection in PROJECTIONS:
        with PeakMemory() as memory:
            start = time.perf_counter()
            applied = service.runner.rebuild(projection.name)
            seconds = time.perf_counter() - start
        rows = count_rows(service.views, projection.name)
        found.append(Rebuilt(projection.name, applied, seconds, memory.mb, rows))
    return found


def season_rows(settings: Settings, held: int) -> list[Row]:
    """Every read model rebuilt from a generated season already stored with
    these settings (see ``bench.season``), against the plain-SQL baseline on
    the same rows."""
    schema = settings.postgres_schema
    app = build_application(settings)
    service = build_service(settings, app=app, embedded=False)
    try:
        rebuilt = rebuild_each(service)
        table = str(getattr(app.recorder, "events_table_name", "stored_events"))
    finally:
        service.close()
    baselines = [postgres_baseline(schema, table, topics_of(r.projection), r.rows) for r in rebuilt]
    label = "postgresql, generated season"
    return [row(label, held, r, b) for r, b in zip(rebuilt, baselines, strict=True)]


def count_rows(views: Any, projection: str) -> int:
    """The rows of the projection's active generation."""
    statement = (
        "SELECT count(*) FROM certif_view_rows WHERE projection = ? AND number = "
        "(SELECT number FROM certif_view_generations WHERE projection = ? AND active = 1)"
    )
    return int(views._query(statement, (projection, projection))[0][0])


def topics_of(name: str) -> tuple[str, ...]:
    return next(p.topics for p in PROJECTIONS if p.name == name)


def sqlite_baseline(path: Path, table: str, topics: tuple[str, ...], rows: int) -> float:
    """Seconds to read the notifications and write as many rows, in plain sqlite3."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE IF NOT EXISTS bench_rows (k TEXT PRIMARY KEY, doc TEXT)")
    where = f"AND topic IN ({', '.join('?' * len(topics))})" if topics else ""
    select = (
        f"SELECT rowid, originator_id, originator_version, topic, state FROM {table} "
        f"WHERE rowid > ? {where} ORDER BY rowid LIMIT {PAGE}"
    )

    def page(after: int) -> list[Any]:
        return conn.execute(select, (after, *topics)).fetchall()

    def write(batch: list[tuple[str, str]]) -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT OR REPLACE INTO bench_rows VALUES (?, ?)", batch)
        conn.execute("COMMIT")

    try:
        return _baseline(page, write, rows)
    finally:
        conn.execute("DROP TABLE bench_rows")
        conn.close()


def postgres_baseline(schema: str, table: str, topics: tuple[str, ...], rows: int) -> float:
    with psycopg.connect(POSTGRES_URL, options=f"-c search_path={schema}") as conn:
        conn.execute("CREATE TABLE bench_rows (k TEXT PRIMARY KEY, doc TEXT)")
        conn.commit()
        where = "AND topic = ANY(%s)" if topics else "AND %s::text[] IS NOT NULL"
        select = (
            "SELECT notification_id, originator_id, originator_version, topic, state "
            f"FROM {table} WHERE notification_id > %s {where} "
            f"ORDER BY notification_id LIMIT {PAGE}"
        )

        def page(after: int) -> list[Any]:
            return conn.execute(select, (after, list(topics))).fetchall()

        def write(batch: list[tuple[str, str]]) -> None:
            with conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO bench_rows VALUES (%s, %s) ON CONFLICT (k) DO UPDATE "
                    "SET doc = excluded.doc",
                    batch,
                )
            conn.commit()

        try:
            return _baseline(page, write, rows)
        finally:
            conn.rollback()
            conn.execute("DROP TABLE bench_rows")
            conn.commit()


def _baseline(
    page: Callable[[int], list[Any]], write: Callable[[list[tuple[str, str]]], None], rows: int
) -> float:
    start = time.perf_counter()
    pages, after, written = [], 0, 0
    while found := page(after):
        pages.append(len(found))
        after = found[-1][0]
        share = max(rows - written, 0) if len(found) < PAGE else min(rows - written, rows // 10)
        write([(f"{after}-{i}", bytes(found[i % len(found)][4]).hex()) for i in range(share)])
        written += share
    return time.perf_counter() - start


def backend_rows(backend: str, events: int) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        path = Path(folder) / "events.sqlite3"
        if backend == "sqlite":
            settings = Settings(database_url=f"sqlite:///{path}", data_dir=folder)
            held, table, rebuilt = rebuild_all(settings, events)
            baselines = [
                sqlite_baseline(path, table, topics_of(r.projection), r.rows) for r in rebuilt
            ]
        else:
            with own_schema("rebuild", POSTGRES_URL) as schema:
                settings = Settings(
                    database_url=POSTGRES_URL, postgres_schema=schema, data_dir=folder
                )
                held, table, rebuilt = rebuild_all(settings, events)
                baselines = [
                    postgres_baseline(schema, table, topics_of(r.projection), r.rows)
                    for r in rebuilt
                ]
    return [row(backend, held, r, b) for r, b in zip(rebuilt, baselines, strict=True)]


def row(backend: str, held: int, rebuilt: Rebuilt, baseline: float) -> Row:
    rate = rebuilt.events / rebuilt.seconds if rebuilt.seconds else 0.0
    base_rate = rebuilt.events / baseline if baseline else 0.0
    return Row(
        what=f"rebuild {rebuilt.projection}, {backend}, {held:,} events",
        service=f"{rate:,.0f} ev/s, {rebuilt.peak_mb:.0f} MB",
        baseline=f"{base_rate:,.0f} ev/s",
        ratio=rate / base_rate if base_rate else None,
        target=f"≥ {TARGET_RATE:,} ev/s, < {TARGET_MB} MB",
        met=rate >= TARGET_RATE and rebuilt.peak_mb < TARGET_MB,
        notes=f"{rebuilt.events:,} events of its topics, {rebuilt.rows:,} rows",
    )


def rows(quick: bool = False, events: int | None = None) -> list[Row]:
    """SQLite, from copies of one collège's events; PostgreSQL's rows are
    rebuilt from the generated season of ``bench.season`` (a million events)."""
    count = events or (QUICK_EVENTS if quick else EVENTS)
    return backend_rows("sqlite", count)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--postgresql", action="store_true", help="also on PostgreSQL, same copies")
    chosen = parser.parse_args()
    found = rows(events=chosen.events)
    if chosen.postgresql:
        found += backend_rows("postgresql", chosen.events)
    print(render(found))
