"""What the application needs from outside, as interfaces."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

SYSTEM_ACTOR = UUID(int=0)
"""The actor recorded for commands run by the operator at the command line."""

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class PasswordHasher(Protocol):
    """Hashes secrets with a real password hash; never stores them in clear."""

    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...
