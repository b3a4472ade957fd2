"""View stores: the read models' rows and positions, beside the events.

SQLite and PostgreSQL share one schema and the same statements; the rows of a
batch of events and the projection's new position are written in one
transaction, and the position only moves from the value the runner read, so
two runners never apply the same events twice.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from adapters.persistence.buffered_rows import (
    DEFAULT_CACHE_ROWS,
    BufferedRows,
    CacheShelf,
    encoded,
)
from adapters.persistence.doc_codec import DocCodec
from projections.engine import Doc, Generation, PositionMoved

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS certif_view_generations (
        projection TEXT NOT NULL, number INTEGER NOT NULL, position BIGINT NOT NULL DEFAULT 0,
        rule_version INTEGER NOT NULL, active INTEGER NOT NULL DEFAULT 0,
        code_version INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (projection, number))""",
    """CREATE TABLE IF NOT EXISTS certif_view_rows (
        projection TEXT NOT NULL, number INTEGER NOT NULL, kind TEXT NOT NULL,
        key TEXT NOT NULL, parent TEXT NOT NULL, doc TEXT NOT NULL,
        PRIMARY KEY (projection, number, kind, key))""",
    """CREATE INDEX IF NOT EXISTS certif_view_rows_parent
        ON certif_view_rows (projection, number, kind, parent)""",
]
ONE_ROW = "projection = ? AND number = ? AND kind = ? AND key = ?"
UPSERT = "INSERT INTO certif_view_rows (projection, number, kind, key, parent, doc) "
ON_CONFLICT = (
    " ON CONFLICT (projection, number, kind, key) "
    "DO UPDATE SET parent = excluded.parent, doc = excluded.doc"
)
IN_ACTIVE = (
    "projection = ? AND number = "
    "(SELECT number FROM certif_view_generations WHERE projection = ? AND active = 1)"
)


class SqlBacking:
    """The stored rows of one generation, on an open transaction's cursor."""

    def __init__(self, cursor: Any, sql: SqlViewStore, projection: str, number: int) -> None:
        self.cursor, self.sql, self.scope = cursor, sql, (projection, number)

    def fetch(self, kind: str, key: str) -> tuple[str, Doc] | None:
        self.sql.execute(
            self.cursor,
            "SELECT parent, doc FROM certif_view_rows WHERE " + ONE_ROW,
            (*self.scope, kind, key),
        )
        row = self.cursor.fetchone()
        return (row[0], self.sql.codec.for_rows(row[1])) if row else None

    def fetch_children(self, kind: str, parent: str) -> list[tuple[str, Doc]]:
        self.sql.execute(
            self.cursor,
            "SELECT key, doc FROM certif_view_rows WHERE projection = ? AND number = ? "
            "AND kind = ? AND parent = ?",
            (*self.scope, kind, parent),
        )
        return [(key, self.sql.codec.for_rows(doc)) for key, doc in self.cursor.fetchall()]

    def write(self, rows: BufferedRows) -> None:
        """The batch's changes, in one bulk upsert and one bulk delete."""
        upserts, deletes = rows.writes()
        if upserts:
            self.sql.upsert_many(self.cursor, self.scope, encoded(upserts, self.sql.codec.encode))
        if deletes:
            self.sql.delete_many(self.cursor, self.scope, deletes)


class SqlViewStore:
    """The statements of both databases; subclasses say how to connect."""

    placeholder = "?"
    codec: DocCodec
    shelf: CacheShelf

    def connection(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def begin(self, cursor: Any) -> None:
        """Starts a transaction that will write (SQLite needs to say so up front)."""

    def execute(self, cursor: Any, statement: str, params: tuple[Any, ...] = ()) -> None:
        cursor.execute(statement.replace("?", self.placeholder), params)

    def upsert_many(
        self, cursor: Any, scope: tuple[str, int], rows: list[tuple[str, str, str, str]]
    ) -> None:
        cursor.executemany(
            (UPSERT + "VALUES (?, ?, ?, ?, ?, ?)" + ON_CONFLICT).replace("?", self.placeholder),
            [(*scope, *row) for row in rows],
        )

    def delete_many(self, cursor: Any, scope: tuple[str, int], keys: list[tuple[str, str]]) -> None:
        cursor.executemany(
            ("DELETE FROM certif_view_rows WHERE " + ONE_ROW).replace("?", self.placeholder),
            [(*scope, *key) for key in keys],
        )

    def create_tables(self) -> None:
        with self.connection() as conn:
            cursor = conn.cursor()
            for statement in SCHEMA:
                self.execute(cursor, statement)
            conn.commit()

    def generations(self, projection: str) -> list[Generation]:
        rows = self._query(
            "SELECT number, position, rule_version, active, code_version "
            "FROM certif_view_generations WHERE projection = ? ORDER BY number",
            (projection,),
        )
        return [Generation(projection, n, int(p), r, bool(a), c) for n, p, r, a, c in rows]

    def create_generation(
        self, projection: str, number: int, rule_version: int, code_version: int
    ) -> None:
        try:
            self._change(
                "INSERT INTO certif_view_generations (projection, number, position, rule_version, "
                "active, code_version) VALUES (?, ?, 0, ?, 0, ?)",
                (projection, number, rule_version, code_version),
            )
        except (sqlite3.IntegrityError, psycopg.errors.UniqueViolation):
            raise PositionMoved(f"generation {number} of {projection} exists") from None

    def activate(self, projection: str, number: int) -> None:
        self._change(
            "UPDATE certif_view_generations SET active = CASE WHEN number = ? THEN 1 ELSE 0 END "
            "WHERE projection = ?",
            (number, projection),
        )

    def drop(self, projection: str, number: int) -> None:
        with self.connection() as conn:
            cursor = conn.cursor()
            self.begin(cursor)
            scope = (projection, number)
            self.execute(
                cursor, "DELETE FROM certif_view_rows WHERE projection = ? AND number = ?", scope
            )
            self.execute(
                cursor,
                "DELETE FROM certif_view_generations WHERE projection = ? AND number = ?",
                scope,
            )
            conn.commit()
        self.shelf.forget(projection, [number])

    @contextmanager
    def transaction(
        self, projection: str, number: int, expected: int, new_position: int
    ) -> Iterator[BufferedRows]:
        with self.connection() as conn:
            cursor = conn.cursor()
            self.begin(cursor)
            self.execute(
                cursor,
                "UPDATE certif_view_generations SET position = ? "
                "WHERE projection = ? AND number = ? AND position = ?",
                (new_position, projection, number, expected),
            )
            if cursor.rowcount != 1:
                conn.rollback()
                raise PositionMoved(f"{projection} moved past {expected}")
            cache = self.shelf.lend(projection, number, expected)
            backing = SqlBacking(cursor, self, projection, number)
            rows = BufferedRows(cache, backing)
            try:
                yield rows
                backing.write(rows)
            except BaseException:
                conn.rollback()  # the cache, maybe changed halfway, is not given back
                raise
            conn.commit()
            self.shelf.give_back(projection, number, cache, new_position)

    def read(self, projection: str, kind: str, key: str) -> Doc | None:
        rows = self._query(
            "SELECT doc FROM certif_view_rows WHERE " + IN_ACTIVE + " AND kind = ? AND key = ?",
            (projection, projection, kind, key),
        )
        return self.codec.for_reading(rows[0][0]) if rows else None

    def read_children(self, projection: str, kind: str, parent: str) -> list[Doc]:
        rows = self._query(
            "SELECT doc FROM certif_view_rows WHERE "
            + IN_ACTIVE
            + " AND kind = ? AND parent = ? ORDER BY key",
            (projection, projection, kind, parent),
        )
        return [self.codec.for_reading(row[0]) for row in rows]

    def read_all(self, projection: str, kind: str) -> list[Doc]:
        rows = self._query(
            "SELECT doc FROM certif_view_rows WHERE " + IN_ACTIVE + " AND kind = ? ORDER BY key",
            (projection, projection, kind),
        )
        return [self.codec.for_reading(row[0]) for row in rows]

    def _query(self, statement: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self.connection() as conn:
            cursor = conn.cursor()
            self.execute(cursor, statement, params)
            rows: list[tuple[Any, ...]] = cursor.fetchall()
            conn.rollback()
            return rows

    def _change(self, statement: str, params: tuple[Any, ...]) -> None:
        with self.connection() as conn:
            cursor = conn.cursor()
            self.begin(cursor)
            self.execute(cursor, statement, params)
            conn.commit()


class SqliteViewStore(SqlViewStore):
    """Views in the SQLite file of the events; one short connection per use."""

    def __init__(self, path: str, codec: DocCodec, cache_rows: int = DEFAULT_CACHE_ROWS) -> None:
        self.path, self.codec = path, codec
        self.shelf = CacheShelf(cache_rows)
        self.create_tables()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            yield _SqliteTransactions(conn)  # type: ignore[misc]
        finally:
            conn.close()

    def begin(self, cursor: Any) -> None:
        cursor.execute("BEGIN IMMEDIATE")


class _SqliteTransactions:
    """sqlite3 in autocommit mode, with commit/rollback that end what BEGIN opened."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def cursor(self) -> sqlite3.Cursor:
        return self.conn.cursor()

    def commit(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


class PostgresViewStore(SqlViewStore):
    """Views in the PostgreSQL schema of the events, through a small pool."""

    placeholder = "%s"

    def __init__(
        self,
        conninfo: str,
        schema: str,
        codec: DocCodec,
        size: int = 4,
        timeout: int = 2,
        cache_rows: int = DEFAULT_CACHE_ROWS,
    ) -> None:
        self.codec = codec
        self.shelf = CacheShelf(cache_rows)
        options = f"-c search_path={schema}" if schema else ""
        self.pool = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=size,
            kwargs={"options": options, "connect_timeout": timeout},
            check=ConnectionPool.check_connection,  # broken connections are discarded
            timeout=timeout,
            open=True,
        )
        self.create_tables()

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        with self.pool.connection() as conn:
            yield conn

    def upsert_many(
        self, cursor: Any, scope: tuple[str, int], rows: list[tuple[str, str, str, str]]
    ) -> None:
        kinds, keys, parents, docs = (list(column) for column in zip(*rows, strict=True))
        # the arrays go in binary (%b): as text, each element of a JSON document
        # is escaped by a regular expression, most of a batch's cost in Python
        cursor.execute(
            UPSERT + "SELECT %s, %s, k, y, p, d FROM unnest(%b::text[], %b::text[], "
            "%b::text[], %b::text[]) AS batch (k, y, p, d)" + ON_CONFLICT,
            (*scope, kinds, keys, parents, docs),
        )

    def delete_many(self, cursor: Any, scope: tuple[str, int], keys: list[tuple[str, str]]) -> None:
        kinds, names = (list(column) for column in zip(*keys, strict=True))
        cursor.execute(
            "DELETE FROM certif_view_rows AS r USING unnest(%b::text[], %b::text[]) AS gone (k, y) "
            "WHERE r.projection = %s AND r.number = %s AND r.kind = gone.k AND r.key = gone.y",
            (kinds, names, *scope),
        )

    def close(self) -> None:
        self.pool.close()
