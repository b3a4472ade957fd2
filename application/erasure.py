"""Erasure for retention, and what an auditor is told about erased data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from application.candidates import CandidateUseCases
from application.ports import SYSTEM_ACTOR
from application.rosters import RosterUseCases
from domain.aggregates.candidate import Candidate
from domain.aggregates.pupil import Pupil
from domain.aggregates.session import Session
from domain.personal import PERSONAL_FIELDS

PAGE = 1000
CLOSED = (Session.ResultsPublished.TOPIC, Session.SessionDeleted.TOPIC)
PUPIL_MOVES = (Pupil.PupilLeft.TOPIC, Pupil.PupilReturned.TOPIC, Pupil.PupilErased.TOPIC)
RETENTION_REASON = "Durée de conservation écoulée"


@dataclass(frozen=True)
class Expired:
    """A candidate whose session was closed (published or deleted) before the limit."""

    session_id: UUID
    candidate_id: UUID
    closed_at: datetime


@dataclass(frozen=True)
class ExpiredPupil:
    """A pupil missing from their school's rosters since before the limit."""

    pupil_id: UUID
    left_at: datetime


@dataclass(frozen=True)
class ErasedData:
    """How many stored events hold personal data whose key is destroyed."""

    events: int
    candidates: int

    def summary(self) -> str:
        """The line `certif verify` prints after the chain's."""
        return (
            f"{self.events} event(s) carry personal data erased with the keys of "
            f"{self.candidates} candidate(s); their stored bytes are unchanged and still verify"
        )


class ErasureUseCases(RosterUseCases, CandidateUseCases):
    """Retention: the candidates of a session are erased once its results were
    published (or the session deleted) longer ago than the retention period,
    and a pupil once gone from their school's roster for longer than it (with
    the candidates they were); nothing else in the history changes."""

    def expired_candidates(self, older_than: timedelta) -> list[Expired]:
        """Every candidate, removed or not, of the sessions closed before the limit
        whose data is not erased yet, oldest session first."""
        limit = self.now() - older_than
        closed: dict[UUID, datetime] = {}
        for notification in self._notifications(CLOSED):
            event: Any = self.mapper.to_domain_event(notification)
            if event.at <= limit:
                closed.setdefault(event.originator_id, event.at)
        found = []
        for session_id, at in sorted(closed.items(), key=lambda item: item[1]):
            enrolled = self._enrolled(session_id)
            erased = self.keys.destroyed(enrolled)
            found += [Expired(session_id, c, at) for c in enrolled if c not in erased]
        return found

    def erase_expired(self, expired: Expired) -> None:
        candidate = self.load(Candidate, expired.candidate_id, "candidate")
        self.erase(candidate, RETENTION_REASON, SYSTEM_ACTOR)

    def expired_pupils(self, older_than: timedelta) -> list[ExpiredPupil]:
        """The pupils whose latest move is leaving the roster, before the limit."""
        limit = self.now() - older_than
        left: dict[UUID, datetime] = {}
        for notification in self._notifications(PUPIL_MOVES):
            event: Any = self.mapper.to_domain_event(notification)
            if isinstance(event, Pupil.PupilLeft):
                left[event.originator_id] = event.at
            else:
                left.pop(event.originator_id, None)
        ordered = sorted(left.items(), key=lambda item: item[1])
        return [ExpiredPupil(pupil_id, at) for pupil_id, at in ordered if at <= limit]

    def erase_expired_pupil(self, expired: ExpiredPupil) -> None:
        pupil = self.load(Pupil, expired.pupil_id, "pupil")
        self.erase_pupil(SYSTEM_ACTOR, pupil.centre_id, pupil.id, RETENTION_REASON)

    def erased_data(self, covers: Callable[[str], bool] = lambda _: True) -> ErasedData:
        """Events whose sealed personal data can no longer be opened."""
        mapper = self.sealing
        holders: list[set[UUID]] = []
        for notification in self._notifications(tuple(PERSONAL_FIELDS)):
            if covers(str(notification.originator_id)):
                try:
                    holders.append(mapper.subjects_in(notification))
                except Exception:  # noqa: S112 - an altered event: the chain check names it
                    continue
        destroyed = self.keys.destroyed(set().union(*holders)) if holders else set()
        return ErasedData(sum(1 for h in holders if h & destroyed), len(destroyed))

    def _enrolled(self, session_id: UUID) -> list[UUID]:
        events = self.events.get(session_id)
        return [e.candidate_id for e in events if isinstance(e, Session.CandidateEnrolled)]

    def _notifications(self, topics: tuple[str, ...]) -> Iterator[Notification]:
        start = 1
        while True:
            page = self.recorder.select_notifications(start=start, limit=PAGE, topics=topics)
            yield from page
            if len(page) < PAGE:
                return
            start = page[-1].id + 1
