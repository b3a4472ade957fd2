"""Reads many streams of the event store in one statement: the replay of a
session opens every candidate of its roster, one query each took most of it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder
from psycopg.sql import SQL, Identifier

from application.ports import StreamsReader, one_by_one

SQLITE_CHUNK = 500  # well under the statement's limit of bound values


def streams_reader(recorder: AggregateRecorder) -> StreamsReader:
    """One statement for many streams on SQLite and PostgreSQL."""
    if isinstance(recorder, SQLiteAggregateRecorder):
        return lambda ids: sqlite_streams(recorder, ids)
    if isinstance(recorder, PostgresAggregateRecorder):
        return lambda ids: postgres_streams(recorder, ids)
    return one_by_one(recorder)


def sqlite_streams(
    recorder: SQLiteAggregateRecorder, ids: Sequence[UUID]
) -> dict[UUID, list[StoredEvent]]:
    found: dict[UUID, list[StoredEvent]] = {i: [] for i in ids}
    with recorder.datastore.transaction(commit=False) as cursor:
        for start in range(0, len(ids), SQLITE_CHUNK):
            chunk = [i.hex for i in ids[start : start + SQLITE_CHUNK]]
            cursor.execute(
                f"SELECT * FROM {recorder.events_table_name} "  # noqa: S608 - names, not values
                f"WHERE originator_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY originator_id, originator_version",
                chunk,
            )
            for row in cursor.fetchall():
                add(found, UUID(row["originator_id"]), row)
    return found


def postgres_streams(
    recorder: PostgresAggregateRecorder, ids: Sequence[UUID]
) -> dict[UUID, list[StoredEvent]]:
    found: dict[UUID, list[StoredEvent]] = {i: [] for i in ids}
    statement = SQL(
        "SELECT * FROM {}.{} WHERE originator_id = ANY(%s) "
        "ORDER BY originator_id, originator_version"
    ).format(Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))
    textual = recorder.datastore.originator_id_type == "text"
    wanted: list[Any] = [str(i) for i in ids] if textual else list(ids)
    with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
        cursor.execute(statement, (wanted,), prepare=True)
        for row in cursor.fetchall():
            add(found, UUID(str(row["originator_id"])), row)
    return found


def add(found: dict[UUID, list[StoredEvent]], stream: UUID, row: Any) -> None:
    found[stream].append(
        StoredEvent(
            originator_id=stream,
            originator_version=row["originator_version"],
            topic=row["topic"],
            state=bytes(row["state"]),
        )
    )
