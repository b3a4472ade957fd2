"""Replay for auditors: a session and its candidates as they stood at a
moment or at a version of the session."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.utils import resolve_topic

from application.candidates import candidate_view
from application.service import A, ServiceBase, mutated
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
        marks = chosen_marks(self._marks(session_id, version), moment, version)
        chosen = marks[-1]
        past = self._session_then(session_id, chosen.version)
        candidates = [candidate_view(candidate) for candidate in self._candidates_then(past, marks)]
        candidates.sort(key=lambda v: name_order(v.last_name, v.first_name))
        return SessionReplay(
            session=session_view(past),
            version=past.version,
            moment=moment or chosen.at,
            last_event=resolve_topic(chosen.topic).__name__,
            last_event_at=chosen.at,
            candidates=candidates,
            states={str(view.id): candidate_state(past, view.id.hex) for view in candidates},
        )

    def _marks(self, session_id: UUID, version: int | None) -> Iterator[Mark]:
        """The session's events as marks, read in one query: the database picks
        out the fields where it can, else each event is glanced at, lazily (a
        replay at a moment stops at the first event after it)."""
        if self.read_fields is not None:
            for version_then, topic, raw in self.read_fields(session_id, version, MARKED):
                fields = self.sealing.plain_fields(raw)
                yield Mark(version_then, topic, fields["at"], fields["candidate_id"])
            return
        for stored in self.recorder.select_events(session_id, lte=version):
            fields = self.sealing.fields_of(stored, MARKED)
            yield Mark(
                stored.originator_version, stored.topic, fields["at"], fields["candidate_id"]
            )

    def _session_then(self, session_id: UUID, version: int) -> Session:
        """From the session's last snapshot at or before the version, and the
        events between (record 0031)."""
        return of_kind(
            Session, self.repository.get(session_id, version=version, projector_func=mutated)
        )

    def _candidates_then(self, past: Session, marks: Sequence[Mark]) -> list[Candidate]:
        """Each candidate on the roster once the roster's changes of it up to the
        chosen version were made: its own events of the day (joined, started...)
        are not on the session's stream, so the roster's count is not the
        candidate's version. Every stream is read in one query, every key too."""
        counts = roster_versions(marks)
        ids = [UUID(hex_id) for hex_id in past.roster]
        self.keys.warm(ids)
        streams = self.read_streams(ids)
        found = []
        for candidate_id in ids:
            stored = streams[candidate_id]
            then = version_after([s.topic for s in stored], counts[candidate_id])
            history = [self.mapper.to_domain_event(s) for s in stored[:then]]
            found.append(of_kind(Candidate, mutated(None, history)))
        return found

    def _zone_of(self, session: Session) -> str:
        return self.load(Centre, session.centre_id, "centre").timezone

    def _audited(self, actor: UUID, session_id: UUID) -> Session:
        return self.session_to_read(actor, session_id, deleted_too=True)


@dataclass(frozen=True)
class Mark:
    """What a replay needs of one event of the session before loading it: its
    version, its kind, its business time and the candidate it is about."""

    version: int
    topic: str
    at: datetime
    candidate_id: UUID | None


MARKED = ("at", "candidate_id")
ROSTER_TOPICS = frozenset(kind.TOPIC for kind in ROSTER_EVENTS)
MIRRORED_TOPICS = frozenset(kind.TOPIC for kind in MIRRORED)


def of_kind(kind: type[A], found: Any) -> A:
    """The aggregate loaded, if it is of the kind asked for."""
    if not isinstance(found, kind):
        raise errors.NotFound(f"No such {kind.__name__.lower()}.")
    return found


def chosen_marks(marks: Iterable[Mark], moment: datetime | None, version: int | None) -> list[Mark]:
    """The session's marks up to its last event at the moment, or up to the
    event of the version."""
    if moment is not None and version is None:
        return marks_until(marks, moment)
    if version is not None and moment is None:
        return marks_of_version(list(marks), version)
    raise errors.InvalidInput("Give exactly one of a moment or a version to replay.")


def marks_of_version(marks: list[Mark], version: int) -> list[Mark]:
    if version < 1:
        raise errors.InvalidInput("Versions start at 1.", field="version")
    if version > len(marks):
        raise errors.NotFound(f"The session has no version {version}: its latest is {len(marks)}.")
    return marks


def marks_until(marks: Iterable[Mark], moment: datetime) -> list[Mark]:
    if moment.tzinfo is None:
        raise errors.InvalidInput(
            "The moment needs a time zone, e.g. 2027-03-15T09:00:00+01:00.", field="at"
        )
    found: list[Mark] = []
    first: Mark | None = None
    for mark in marks:
        first = first or mark
        if mark.at > moment:
            break  # a prefix, not a filter: a clock that stepped back pulls nothing in
        found.append(mark)
    if not found:
        created = f": it was created at {first.at.isoformat()}" if first else ""
        raise errors.NotFound(f"The session did not exist yet at {moment.isoformat()}{created}.")
    return found


def version_after(candidate_topics: Sequence[str], mirrored: int) -> int:
    """The candidate's version at its `mirrored`-th change that the roster
    mirrors, from the topics of its stored events (none decoded)."""
    seen = 0
    for version, topic in enumerate(candidate_topics, start=1):
        seen += topic in MIRRORED_TOPICS
        if seen == mirrored:
            return version
    return len(candidate_topics)


def roster_versions(marks: Iterable[Mark]) -> Counter[UUID | None]:
    """How many roster events the session recorded about each candidate."""
    return Counter(m.candidate_id for m in marks if m.topic in ROSTER_TOPICS)


def candidate_state(session: Session, hex_id: str) -> str:
    """Where a candidate of the session stood on the day, from its own record."""
    if hex_id in session.cancelled:
        return "cancelled"
    if hex_id in session.finished:
        return "completed" if session.finished[hex_id] else "ended"
    if hex_id in session.started:
        return "in_test"
    return "joined" if hex_id in session.joined else "enrolled"
