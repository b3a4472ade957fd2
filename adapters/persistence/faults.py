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


READ_ONLY = StoreFault(
    "store-read-only",
    "The store is read-only",
    "The event store accepts no changes at the moment; reads still work.",
    60,
)
FULL = StoreFault(
    "store-full",
    "The store is full",
    "The event store has no room for changes at the moment; reads still work.",
    60,
)
WRITE_FAILED = StoreFault(
    "store-write-failed",
    "The store cannot write",
    "The event store could not write the change; reads still work.",
    30,
)
UNAVAILABLE = StoreFault(
    "store-unavailable",
    "The store is unavailable",
    "The connection to the event store failed; retry shortly.",
    1,
)


def store_fault(exc: BaseException) -> StoreFault | None:
    """What went wrong with the store, or None if the exception is not a store fault."""
    if not isinstance(exc, STORE_ERRORS):
        return None
    text = " ".join(str(part) for part in (exc, exc.__cause__) if part)
    return described_fault(text) or (UNAVAILABLE if isinstance(exc, TRANSIENT) else None)


def described_fault(text: str) -> StoreFault | None:
    """The fault that an error's text tells of (as a projection keeps it)."""
    lowered = text.lower()
    if any(word in lowered for word in READ_ONLY_WORDS):
        return READ_ONLY
    if any(word in lowered for word in FULL_WORDS):
        return FULL
    if "disk i/o error" in lowered:  # SQLite, when its file refuses a write
        return WRITE_FAILED
    if any(name in text for name in ("OperationalError", "InterfaceError", "PoolTimeout")):
        return UNAVAILABLE
    return None


STORE_ERRORS = (persistence.PersistenceError, sqlite3.Error, psycopg.Error)
