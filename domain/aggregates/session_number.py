"""Session numbers: the short number a school reads aloud and prints."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import errors

_NUMBER_NAMESPACE = UUID("3f6b2e8c-1d4a-4c7e-9b05-7a2e6d9c4f13")
FIRST_NUMBER = 1


class SessionNumber(Aggregate):
    """One session number, given to one session for ever.

    Rules it protects: a number is given once (its id derives from the number,
    so a second writer of the same number is refused by the event store) and
    is never given back, not even when its session is deleted: it has no
    event that would release it. Numbers are given in order, with no gap, so
    the taken ones are always 1 to n (see ``application/numbers.py``).
    """

    TOPIC = "certif:SessionNumber"

    class Event(Aggregate.Event):
        TOPIC = "certif:SessionNumber.Event"
        by: UUID
        at: datetime

    class SessionNumberGiven(Aggregate.Created, Event):
        TOPIC = "certif:SessionNumber.SessionNumberGiven"
        number: int
        session_id: UUID

    def __init__(self, number: int, session_id: UUID, by: UUID, at: datetime) -> None:
        self.number = number
        self.session_id = session_id

    @staticmethod
    def id_for(number: int) -> UUID:
        return uuid5(_NUMBER_NAMESPACE, f"session-number:{number}")

    @classmethod
    def give(cls, number: int, session_id: UUID, by: UUID, at: datetime) -> SessionNumber:
        if number < FIRST_NUMBER:
            raise errors.InvalidInput(f"Session numbers start at {FIRST_NUMBER}.", field="number")
        return cls._create(
            cls.SessionNumberGiven,
            id=cls.id_for(number),
            number=number,
            session_id=session_id,
            by=by,
            at=at,
        )
