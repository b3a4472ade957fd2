"""Bodies of the eligibility, profile and rule endpoints, and of the read models."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, Field

from adapters.http.schemas import Strict, Text
from domain import limits


class ProfileCreate(Strict):
    last_name: Text
    first_name: Text
    birthdate: dt.date
    campaign: Annotated[str, Field(max_length=limits.CAMPAIGN)]
    captured_at: dt.datetime = Field(description="When the campaign captured it, with a time zone")
    pix: Annotated[
        dict[Annotated[str, Field(max_length=8)], int],
        Field(max_length=16, description="Pix per competence code (1.1 … 5.2); missing = 0"),
    ]


class Recorded(BaseModel):
    id: str | None = None
    version: int | None = None
    recorded: int
    position: int


class RuleChange(Strict):
    min_competences: int = Field(ge=1, le=16)
    min_level: int = Field(default=1, ge=1, le=8)
    effective_from: dt.date
    reason: Annotated[str, Field(max_length=limits.REASON)]


class RuleProposal(Strict):
    min_competences: int = Field(ge=1, le=16)
    min_level: int = Field(default=1, ge=1, le=8)


class RuleVersionPublic(BaseModel):
    version: int
    min_competences: int
    min_level: int
    effective_from: dt.date
    reason: str
    changed_by: str | None
    changed_at: dt.datetime | None


class RulePublic(BaseModel):
    in_force: RuleVersionPublic
    versions: list[RuleVersionPublic]


class RebuildPublic(BaseModel):
    """A new generation being filled beside the one that is read."""

    generation: int
    position: int
    head: int
    percent: float
    events_per_second: float | None = Field(
        None, description="Over the last half-minute this server saw it move"
    )
    seconds_left: float | None = None


class ProjectionStatusPublic(BaseModel):
    name: str
    generation: int
    position: int
    head: int
    lag: int
    rule_version: int
    rebuilding: bool
    error: str | None = None
    rebuild: RebuildPublic | None = None


ViewDoc = dict[str, Any]
