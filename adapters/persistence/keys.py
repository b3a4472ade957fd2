"""The table of the candidates' keys, beside the events but never in them.

Each key is stored wrapped (AES-256-GCM) with a key-encryption key derived
from the personal-data secret, which lives outside the database: a copy of
the database alone opens nothing. Destroying a key overwrites it with NULL
and keeps the row, so that the subject stays known as erased.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from psycopg_pool import ConnectionPool

from application.sealing import new_key, open_bytes, seal_bytes

WRAPPING_SUBJECT = UUID(int=0)
MANY_AT_ONCE = 400
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS certif_subject_keys ("
    "subject TEXT PRIMARY KEY, wrapped {blob}, destroyed INTEGER NOT NULL DEFAULT 0)"
)


class SqlSubjectKeys:
    """The statements of both databases; subclasses say how to connect."""

    placeholder = "?"
    blob = "BLOB"

    def __init__(self, wrapping_key: bytes) -> None:
        self.wrapping_key = wrapping_key

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        raise NotImplementedError
        yield

    def create_table(self) -> None:
        with self.cursor() as cursor:
            cursor.execute(SCHEMA.format(blob=self.blob))

    def get(self, subject: UUID) -> bytes | None:
        found = self._row(subject)
        return self._unwrap(found[0]) if found and found[0] is not None else None

    def get_or_create(self, subject: UUID) -> bytes | None:
        """One statement: the key made now, or the one already there (None if
        destroyed: a destroyed key is never made again)."""
        with self.cursor() as cursor:
            cursor.execute(
                self._sql(
                    "INSERT INTO certif_subject_keys (subject, wrapped) VALUES (?, ?) "
                    "ON CONFLICT (subject) DO UPDATE SET subject = excluded.subject "
                    "RETURNING wrapped"
                ),
                (subject.hex, seal_bytes(self.wrapping_key, WRAPPING_SUBJECT, new_key())),
            )
            found = cursor.fetchone()
        return self._unwrap(found[0]) if found and found[0] is not None else None

    def get_or_create_many(self, subjects: Iterable[UUID]) -> dict[UUID, bytes | None]:
        """The subjects' keys, those missing made now: one statement per
        ``MANY_AT_ONCE`` subjects, for a large save of new candidates."""
        wanted, found = list(dict.fromkeys(subjects)), {}
        for start in range(0, len(wanted), MANY_AT_ONCE):
            chunk = wanted[start : start + MANY_AT_ONCE]
            rows = ", ".join("(?, ?)" for _ in chunk)
            values = [
                value
                for subject in chunk
                for value in (
                    subject.hex,
                    seal_bytes(self.wrapping_key, WRAPPING_SUBJECT, new_key()),
                )
            ]
            with self.cursor() as cursor:
                cursor.execute(
                    self._sql(
                        "INSERT INTO certif_subject_keys (subject, wrapped) "  # noqa: S608
                        f"VALUES {rows} ON CONFLICT (subject) "
                        "DO UPDATE SET subject = excluded.subject RETURNING subject, wrapped"
                    ),
                    values,
                )
                for subject, wrapped in cursor.fetchall():
                    found[UUID(subject)] = None if wrapped is None else self._unwrap(wrapped)
        return found

    def get_many(self, subjects: Iterable[UUID]) -> dict[UUID, bytes | None]:
        """The subjects' keys, read only (None if destroyed or never made):
        one statement per 500 subjects, for a replay opening a whole roster."""
        wanted = {s.hex: s for s in subjects}
        found: dict[UUID, bytes | None] = dict.fromkeys(wanted.values())
        for subject, wrapped in self._rows_of("subject, wrapped", "1 = 1", list(wanted)):
            found[wanted[subject]] = None if wrapped is None else self._unwrap(wrapped)
        return found

    def _rows_of(self, columns: str, condition: str, names: list[str]) -> list[tuple[Any, ...]]:
        """The key table's rows of these subjects meeting the condition, read
        500 subjects to a statement (columns and condition are this module's)."""
        found: list[tuple[Any, ...]] = []
        for start in range(0, len(names), 500):
            chunk = names[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            with self.cursor() as cursor:
                cursor.execute(
                    self._sql(
                        f"SELECT {columns} FROM certif_subject_keys "  # noqa: S608
                        f"WHERE {condition} AND subject IN ({marks})"
                    ),
                    tuple(chunk),
                )
                found.extend(cursor.fetchall())
        return found

    def _row(self, subject: UUID) -> tuple[Any, ...] | None:
        with self.cursor() as cursor:
            cursor.execute(
                self._sql("SELECT wrapped FROM certif_subject_keys WHERE subject = ?"),
                (subject.hex,),
            )
            row: tuple[Any, ...] | None = cursor.fetchone()
        return row

    def destroy(self, subject: UUID) -> None:
        with self.cursor() as cursor:
            cursor.execute(
                self._sql(
                    "INSERT INTO certif_subject_keys (subject, wrapped, destroyed) "
                    "VALUES (?, NULL, 1) ON CONFLICT (subject) "
                    "DO UPDATE SET wrapped = NULL, destroyed = 1"
                ),
                (subject.hex,),
            )

    def destroyed(self, subjects: Iterable[UUID]) -> set[UUID]:
        wanted = {s.hex: s for s in subjects}
        return {wanted[row[0]] for row in self._rows_of("subject", "destroyed = 1", list(wanted))}

    def _unwrap(self, wrapped: bytes) -> bytes:
        key = open_bytes(self.wrapping_key, WRAPPING_SUBJECT, bytes(wrapped))
        if key is None:
            raise RuntimeError(
                "A candidate's key does not open with this personal-data secret: "
                "the service runs with another secret than the one that made the keys."
            )
        return key

    def _sql(self, statement: str) -> str:
        return statement.replace("?", self.placeholder)


class SqliteSubjectKeys(SqlSubjectKeys):
    """Keys in the SQLite file of the events. Secure delete zeroes the bytes of
    a destroyed key instead of leaving them in a free page."""

    def __init__(self, path: str, wrapping_key: bytes) -> None:
        super().__init__(wrapping_key)
        self.path = path
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self.create_table()

    @contextmanager
    def cursor(self) -> Iterator[sqlite3.Cursor]:
        """One connection per thread, kept open: a key is read on every command."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                self.path, timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA secure_delete = ON")
            self._local.conn = conn
            with self._lock:
                self._opened.append(conn)
        yield conn.cursor()

    def close(self) -> None:
        with self._lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()


class PostgresSubjectKeys(SqlSubjectKeys):
    """Keys in the PostgreSQL schema of the events, through a small pool."""

    placeholder = "%s"
    blob = "BYTEA"

    def __init__(
        self, conninfo: str, schema: str, wrapping_key: bytes, size: int = 4, timeout: int = 2
    ) -> None:
        super().__init__(wrapping_key)
        options = f"-c search_path={schema}" if schema else ""
        self.pool = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=size,
            kwargs={"options": options, "autocommit": True, "connect_timeout": timeout},
            check=ConnectionPool.check_connection,  # broken connections are discarded
            timeout=timeout,
            open=True,
        )
        self.create_table()

    @contextmanager
    def cursor(self) -> Iterator[Any]:
        with self.pool.connection() as conn, conn.cursor() as cursor:
            yield cursor

    def close(self) -> None:
        self.pool.close()
