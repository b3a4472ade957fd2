"""What the application needs from outside, as interfaces."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, StoredEvent

SYSTEM_ACTOR = UUID(int=0)
"""The actor recorded for commands run by the operator at the command line."""

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class PasswordHasher(Protocol):
    """Hashes secrets with a real password hash; never stores them in clear."""

    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...


StreamsReader = Callable[[Sequence[UUID]], dict[UUID, list[StoredEvent]]]
"""Reads the stored events of many streams at once, each in version order."""


def one_by_one(recorder: AggregateRecorder) -> StreamsReader:
    """Many streams read with one query each: the in-memory store's way."""
    return lambda ids: {i: list(recorder.select_events(i)) for i in ids}


FieldsReader = Callable[[UUID, int | None, Sequence[str]], list[tuple[int, str, dict[str, Any]]]]
"""Reads a stream up to a version (all of it with None): each event's version,
topic and a few of its top-level fields as stored (still in the transcoder's
form), picked out by the database without sending the events."""
