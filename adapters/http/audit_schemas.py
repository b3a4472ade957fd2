"""Bodies of the auditors' endpoints: replays, audit trails and the chain's verdict."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from adapters.http.schemas import CandidatePublic, SessionPublic
from application.erasure import ErasedData
from application.replay import SessionReplay
from projections.chain import Verdict

JSON_LINES = "application/x-ndjson"


class SessionReplayPublic(BaseModel):
    session: SessionPublic
    version: int = Field(description="The session's version replayed")
    moment: dt.datetime = Field(description="The moment asked for, or that version's own moment")
    last_event: str = Field(description="The event that made this version")
    last_event_at: dt.datetime
    candidates: list[CandidatePublic] = Field(description="The roster then, sorted by last name")

    @classmethod
    def of(cls, replay: SessionReplay) -> SessionReplayPublic:
        return cls(
            session=SessionPublic.of(replay.session),
            version=replay.version,
            moment=replay.moment,
            last_event=replay.last_event,
            last_event_at=replay.last_event_at,
            candidates=[CandidatePublic.of(view) for view in replay.candidates],
        )


class AuditEntryPublic(BaseModel):
    position: int = Field(description="Position of the event in the store's log")
    event: str
    topic: str
    aggregate_id: UUID
    version: int = Field(description="Version of the aggregate that this event made")
    by: UUID = Field(description="The acting account")
    by_name: str | None = Field(description="Its display name, when known")
    at: dt.datetime
    description: str
    session_id: UUID
    candidate_id: UUID | None
    candidate_name: str | None

    @classmethod
    def of(cls, doc: dict[str, Any]) -> AuditEntryPublic:
        return cls.model_validate(doc)


class ChainProblemPublic(BaseModel):
    position: int = Field(description="Position of the first event found altered, removed or moved")
    originator_id: str
    originator_version: int
    topic: str
    kind: str
    detail: str


class VerdictPublic(BaseModel):
    """What `certif verify` prints, as data."""

    intact: bool
    summary: str = Field(description="The line `certif verify` prints")
    scope: str
    checked: int = Field(description="Events checked against the chain")
    unchained: int = Field(description="Events stored but not chained yet")
    head_position: int
    head_hash: str = Field(description="Keep it outside the database, with the daily reports")
    problem: ChainProblemPublic | None
    erased_events: int = Field(description="Events whose personal data's key is destroyed")
    erased_candidates: int = Field(description="Candidates whose key is destroyed")
    erased_summary: str = Field(description="The second line `certif verify` prints")

    @classmethod
    def of(cls, verdict: Verdict, erased: ErasedData) -> VerdictPublic:
        problem = verdict.problem
        return cls(
            erased_events=erased.events,
            erased_candidates=erased.candidates,
            erased_summary=erased.summary(),
            intact=verdict.intact,
            summary=verdict.summary(),
            scope=verdict.scope,
            checked=verdict.checked,
            unchained=verdict.unchained,
            head_position=verdict.head_position,
            head_hash=verdict.head_hash,
            problem=ChainProblemPublic(**problem.__dict__) if problem else None,
        )
