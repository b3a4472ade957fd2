"""Which projections this process may work on: one process at a time each.

On PostgreSQL a session-level advisory lock per projection, taken with
pg_try_advisory_lock on a connection of its own and held as long as that
connection lives: a process that dies releases its locks when the server sees
its connection close, and a waiting process takes them at its next try.
Elsewhere (SQLite, memory) one process is the rule, and holds them all.
The locks only spare work: the position's compare-and-set in each transaction
is what keeps every event applied once, lock or no lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from collections.abc import Collection
from typing import Any

import psycopg

log = logging.getLogger("certif.projections")


class AllLeases:
    """One process: it holds every projection."""

    def hold(self, names: Collection[str]) -> frozenset[str]:
        return frozenset(names)

    def close(self) -> None:
        pass


def lock_key(schema: str, name: str) -> int:
    """A signed 64-bit key, one per schema and projection (advisory locks are
    shared by the whole database, whatever the schema)."""
    digest = hashlib.sha256(f"certif-projection:{schema}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class PostgresLeases:
    """Advisory locks on a dedicated connection, with TCP keepalives so that a
    silent network loss is found within seconds rather than hours."""

    def __init__(self, conninfo: str, schema: str, timeout: int = 2) -> None:
        self.conninfo, self.schema, self.timeout = conninfo, schema, timeout
        self._conn: psycopg.Connection[Any] | None = None
        self._held: set[str] = set()
        self._lock = threading.Lock()

    def hold(self, names: Collection[str]) -> frozenset[str]:
        """Keeps what is held, takes what is free; on a broken connection holds
        nothing (the server released it all) and tries again next time."""
        with self._lock:
            try:
                conn = self._connection()
                if self._held:
                    conn.execute("SELECT 1")
                for name in names:
                    if name not in self._held and self._try(conn, name):
                        log.info("this process now runs projection %s", name)
                        self._held.add(name)
            except psycopg.Error as failure:
                log.warning("projection locks lost: %s", failure)
                self._drop_connection()
            return frozenset(self._held & set(names))

    def _try(self, conn: psycopg.Connection[Any], name: str) -> bool:
        row = conn.execute(
            "SELECT pg_try_advisory_lock(%s)", (lock_key(self.schema, name),)
        ).fetchone()
        return bool(row and row[0])

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed:
            self._held.clear()
            self._conn = psycopg.connect(
                self.conninfo,
                autocommit=True,
                connect_timeout=self.timeout,
                application_name=f"certif-projections-{os.getpid()}",
                keepalives=1,
                keepalives_idle=5,
                keepalives_interval=2,
                keepalives_count=3,
            )
        return self._conn

    def _drop_connection(self) -> None:
        self._held.clear()
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
        self._conn = None

    def close(self) -> None:
        with self._lock:
            self._drop_connection()
