"""Faults of the store that a retry can outlast, told apart from defects.

A lost connection, an exhausted pool, a locked file, a full disk or a store
that turned read-only is no defect of the request: the API answers 503 with
``Retry-After`` and says which it was.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import psycopg
from eventsourcing import persistence

TRANSIENT: tuple[type[BaseException], ...] = (
    persistence.OperationalError,
    persistence.InterfaceError,
    sqlite3.OperationalError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)
# a read-only transaction or file shows up under other families in both drivers
READ_ONLY_WORDS = ("readonly database", "read-only", "read only")
FULL_WORDS = ("disk is full", "no space left", "disk full", "file too large")


@dataclass(frozen=True)
class StoreFault:
    rule: str
    title: str
    detail: str
    retry_after: int


def store_fault(exc: BaseException) -> StoreFault | None:
    """What went wrong with the store, or None if the exception is not a store fault."""
    message = " ".join(str(part) for part in (exc, exc.__cause__) if part).lower()
    if any(word in message for word in READ_ONLY_WORDS) and _from_store(exc):
        return StoreFault(
            "store-read-only",
            "The store is read-only",
            "The event store accepts no changes at the moment; reads still work.",
            60,
        )
    if any(word in message for word in FULL_WORDS) and _from_store(exc):
        return StoreFault(
            "store-full",
            "The store is full",
            "The event store has no room for changes at the moment; reads still work.",
            60,
        )
    if isinstance(exc, TRANSIENT):
        return StoreFault(
            "store-unavailable",
            "The store is unavailable",
            "The connection to the event store failed; retry shortly.",
            1,
        )
    return None


def _from_store(exc: BaseException) -> bool:
    return isinstance(
        exc, (persistence.PersistenceError, sqlite3.DatabaseError, psycopg.DatabaseError)
    )
