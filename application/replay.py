"""Replay for auditors: a session and its candidates as they stood at a
moment or at a version of the session."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.application import project_aggregate

from application.candidates import candidate_view
from application.service import A, ServiceBase
from application.sessions import session_view
from application.views import CandidateView, SessionView
from domain import errors
from domain.aggregates.candidate import Candidate
from domain.aggregates.centre import Centre
from domain.aggregates.session import Session
from domain.name_order import name_order

ROSTER_EVENTS = (
    Session.CandidateEnrolled,
    Session.CandidateEntryChanged,
    Session.CandidateWithdrawn,
)
# The candidate's changes that the session's roster mirrors, one roster event each.
MIRRORED = (
    Candidate.CandidateAdded,
    Candidate.CandidateDetailsChanged,
    Candidate.ExtraTimeNoted,
    Candidate.CandidateRemoved,
)


@dataclass(frozen=True)
class SessionReplay:
    """The state after one version of a session: the session, its candidates
    then on the roster, the moment asked for (or that version's own moment),
    and the event that made that version."""

    session: SessionView
    version: int
    moment: datetime
    last_event: str
    last_event_at: datetime
    candidates: list[CandidateView]
    states: dict[str, str] = field(default_factory=dict)
    """Each candidate's state on the day then, by id: enrolled, joined, in_test, ended,
    completed or cancelled."""


class ReplayUseCases(ServiceBase):
    """Replay for auditors. Rules: the state at a moment holds every event
    whose business time is at or before it, and none after; a candidate is
    shown at the version that its session's roster had recorded, since every
    change to a candidate is recorded on its session in the same save, so that
    commands sharing one instant never blur a replay by version.

    Access follows the session's centre as it is now: its administrators and
    the platform's readers (operators, reviewers, auditors). A deleted session
    can still be replayed and audited: seeing what happened to it is what an
    auditor is for; it stays hidden from every other use case.
    """

    def audited_session(self, actor: UUID, session_id: UUID) -> SessionView:
        """The session as it is now, deleted or not, if the actor may audit it."""
        return session_view(self._audited(actor, session_id))

    def audited_candidate(self, actor: UUID, session_id: UUID, candidate_id: UUID) -> CandidateView:
        """A candidate of the session, removed or not, if the actor may audit it."""
        self._audited(actor, session_id)
        candidate = self.load(Candidate, candidate_id, "candidate")
        if candidate.session_id != session_id:
            raise errors.NotFound("No such candidate in this session.")
        return candidate_view(candidate)

    def session_as_of(
        self,
        actor: UUID,
        session_id: UUID,
        *,
        moment: datetime | None = None,
        version: int | None = None,
    ) -> SessionReplay:
        """Exactly one of a moment or a session version; a moment without a time
        zone is read on the clock of the session's centre."""
        audited = self._audited(actor, session_id)
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=ZoneInfo(self._zone_of(audited)))
        history: list[Any] = list(self.events.get(session_id))
        chosen = chosen_event(history, moment, version)
        past = at_version(Session, history, chosen.originator_version)
        counts = roster_versions(history[: chosen.originator_version])
        candidates = [
            candidate_view(self._candidate_then(UUID(hex_id), counts[UUID(hex_id)]))
            for hex_id in past.roster
        ]
        candidates.sort(key=lambda v: name_order(v.last_name, v.first_name))
        return SessionReplay(
            session=session_view(past),
            version=past.version,
            moment=moment or chosen.at,
            last_event=type(chosen).__name__,
            last_event_at=chosen.at,
            candidates=candidates,
            states={str(view.id): candidate_state(past, view.id.hex) for view in candidates},
        )

    def _candidate_then(self, candidate_id: UUID, mirrored: int) -> Candidate:
        """The candidate once the roster's `mirrored` changes of it were made: its
        own events of the day (joined, started...) are not on the session's stream,
        so the roster's count is not the candidate's version. Its stream is read
        once and the aggregate projected from what was read."""
        history = list(self.events.get(candidate_id))
        return at_version(Candidate, history, version_after(history, mirrored))

    def _zone_of(self, session: Session) -> str:
        return self.load(Centre, session.centre_id, "centre").timezone

    def _audited(self, actor: UUID, session_id: UUID) -> Session:
        return self.session_to_read(actor, session_id, deleted_too=True)


def at_version(kind: type[A], history: Sequence[Any], version: int) -> A:
    """The aggregate as its first `version` events left it (a stream's
    versions run from 1 without a gap), without reading the stream again."""
    found = project_aggregate(None, history[:version])
    if not isinstance(found, kind):
        raise errors.NotFound(f"No such {kind.__name__.lower()}.")
    return found


def chosen_event(history: Sequence[Any], moment: datetime | None, version: int | None) -> Any:
    """The session's last event at the moment, or the event of the version."""
    if moment is not None and version is None:
        return last_event_at(history, moment)
    if version is not None and moment is None:
        return event_of_version(history, version)
    raise errors.InvalidInput("Give exactly one of a moment or a version to replay.")


def event_of_version(history: Sequence[Any], version: int) -> Any:
    if version < 1:
        raise errors.InvalidInput("Versions start at 1.", field="version")
    if version > len(history):
        raise errors.NotFound(
            f"The session has no version {version}: its latest is {len(history)}."
        )
    return history[version - 1]


def last_event_at(history: Sequence[Any], moment: datetime) -> Any:
    if moment.tzinfo is None:
        raise errors.InvalidInput(
            "The moment needs a time zone, e.g. 2027-03-15T09:00:00+01:00.", field="at"
        )
    found: Any = None
    for event in history:
        if event.at > moment:
            break  # a prefix, not a filter: a clock that stepped back pulls nothing in
        found = event
    if found is None:
        raise errors.NotFound(
            f"The session did not exist yet at {moment.isoformat()}: "
            f"it was created at {history[0].at.isoformat()}."
        )
    return found


def version_after(candidate_events: Sequence[Any], mirrored: int) -> int:
    """The candidate's version at its `mirrored`-th change that the roster mirrors."""
    seen = 0
    for version, event in enumerate(candidate_events, start=1):
        seen += isinstance(event, MIRRORED)
        if seen == mirrored:
            return version
    return len(candidate_events)


def roster_versions(session_events: Sequence[Any]) -> Counter[UUID]:
    """How many roster events the session recorded about each candidate."""
    return Counter(e.candidate_id for e in session_events if isinstance(e, ROSTER_EVENTS))


def candidate_state(session: Session, hex_id: str) -> str:
    """Where a candidate of the session stood on the day, from its own record."""
    if hex_id in session.cancelled:
        return "cancelled"
    if hex_id in session.finished:
        return "completed" if session.finished[hex_id] else "ended"
    if hex_id in session.started:
        return "in_test"
    return "joined" if hex_id in session.joined else "enrolled"
