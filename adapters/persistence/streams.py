"""Reads the event store the way a replay needs: many streams in one
statement (the replay of a session opens every candidate of its roster, one
query each took most of it), and a stream with a few fields of each event
picked out by the database (scanning a session's events for a moment)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, Mapper, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder
from eventsourcing.sqlite import SQLiteAggregateRecorder
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from application.ports import FieldsReader, StreamsReader, one_by_one

SQLITE_CHUNK = 500  # well under the statement's limit of bound values
COLUMNS = "originator_id, originator_version, topic, state"


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
    by_hex = {i.hex: i for i in ids}
    with recorder.datastore.transaction(commit=False) as cursor:
        for start in range(0, len(ids), SQLITE_CHUNK):
            chunk = [i.hex for i in ids[start : start + SQLITE_CHUNK]]
            cursor.execute(
                f"SELECT {COLUMNS} FROM {recorder.events_table_name} "  # noqa: S608 - names
                f"WHERE originator_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY originator_id, originator_version",
                chunk,
            )
            for stream, version, topic, state in cursor.fetchall():
                owner = by_hex[stream]
                found[owner].append(StoredEvent(owner, version, topic, state))
    return found


def postgres_streams(
    recorder: PostgresAggregateRecorder, ids: Sequence[UUID]
) -> dict[UUID, list[StoredEvent]]:
    found: dict[UUID, list[StoredEvent]] = {i: [] for i in ids}
    statement = SQL(
        "SELECT " + COLUMNS + " FROM {}.{} WHERE originator_id = ANY(%s) "  # noqa: S608
        "ORDER BY originator_id, originator_version"
    ).format(Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))
    textual = recorder.datastore.originator_id_type == "text"
    wanted: list[Any] = [str(i) for i in ids] if textual else list(ids)
    by_key = dict(zip(wanted, ids, strict=True))
    with recorder.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as cursor:
        cursor.execute(statement, (wanted,), prepare=True)
        for stream, version, topic, state in cursor.fetchall():
            owner = by_key[stream]
            found[owner].append(StoredEvent(owner, version, topic, bytes(state)))
    return found


def fields_reader(recorder: AggregateRecorder, mapper: Mapper[UUID]) -> FieldsReader | None:
    """The database picks the fields out of the stored JSON, unless the store
    is encrypted or compressed at rest: then the application opens each event."""
    if mapper.cipher is not None or mapper.compressor is not None:
        return None
    if isinstance(recorder, SQLiteAggregateRecorder):
        return lambda stream, version, names: sqlite_fields(recorder, stream, version, names)
    if isinstance(recorder, PostgresAggregateRecorder):
        return lambda stream, version, names: postgres_fields(recorder, stream, version, names)
    return None


def sqlite_fields(
    recorder: SQLiteAggregateRecorder, stream: UUID, version: int | None, names: Sequence[str]
) -> list[tuple[int, str, dict[str, Any]]]:
    picked = "".join(f", CAST(state AS TEXT) -> '$.{name}'" for name in names)
    statement = (
        f"SELECT originator_version, topic{picked} "  # noqa: S608 - names, not values
        f"FROM {recorder.events_table_name} WHERE originator_id = ? "
    )
    params: list[Any] = [stream.hex]
    if version is not None:
        statement += "AND originator_version <= ? "
        params.append(version)
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement + "ORDER BY originator_version", params)
        rows = cursor.fetchall()
    return [
        (
            row[0],
            row[1],
            {n: None if v is None else json.loads(v) for n, v in zip(names, row[2:], strict=True)},
        )
        for row in rows
    ]


def postgres_fields(
    recorder: PostgresAggregateRecorder, stream: UUID, version: int | None, names: Sequence[str]
) -> list[tuple[int, str, dict[str, Any]]]:
    picked = SQL("").join(
        SQL(", convert_from(state, 'UTF8')::json -> {} AS {}").format(name, Identifier(name))
        for name in names
    )
    statement = SQL(
        "SELECT originator_version, topic{} FROM {}.{} WHERE originator_id = %s"
    ).format(picked, Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))
    params: list[Any] = [stream]
    if version is not None:
        statement += SQL(" AND originator_version <= %s")
        params.append(version)
    with recorder.datastore.get_connection() as conn, conn.cursor() as cursor:
        cursor.execute(statement + SQL(" ORDER BY originator_version"), params, prepare=True)
        rows = cursor.fetchall()
    return [
        (
            row["originator_version"],
            row["topic"],
            {name: row[name] for name in names},  # psycopg has parsed the json
        )
        for row in rows
    ]
