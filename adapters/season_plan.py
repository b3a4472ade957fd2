"""What is asked of a season generator, and what it reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from domain.aggregates.candidate import Candidate
from domain.aggregates.session import Session


@dataclass
class SeasonSummary:
    """What a generator wrote, counted as it wrote it."""

    year: int
    seed: int
    centres: int = 0
    sessions: int = 0
    candidates: int = 0
    events: int = 0
    seconds: float = 0.0
    first_number: int = 0
    last_number: int = 0
    password: str = ""
    """The one password of every generated administrator and invigilator
    workspace (hashed once: see ADR 0028)."""
    emails: list[str] = field(default_factory=list)
    centre_ids: list[UUID] = field(default_factory=list)
    enrolled: dict[UUID, int] = field(default_factory=dict)
    """Each session's candidates."""
    published: int = 0
    certifiable: int = 0
    """Candidates certifiable under the rule in force, from their profile."""

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class SeasonOptions:
    """``hold``: each session's day takes place (else the sessions wait for it);
    ``session_size``: candidates per session (else 14 to 26); ``on_session``:
    told each session and its candidates as they are built."""

    hold: bool = True
    session_size: int | None = None
    on_session: Callable[[Session, list[Candidate]], None] | None = None
