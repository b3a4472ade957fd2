"""Session numbers: given in order at creation, and found again by number."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from application.service import ServiceBase
from domain import errors
from domain.aggregates.session_number import FIRST_NUMBER, SessionNumber

SessionRef = UUID | int


class SessionNumbering(ServiceBase):
    """The next free number, and the session a number names.

    Rule it protects: numbers are unique and never reused. Each is held by a
    ``SessionNumber`` whose id derives from it, saved in the same atomic save
    as its session; two writers drawing the same number race for the same
    event position and the second one gets the store's ``IntegrityError``
    (the command then runs again, with the next number). Since every number is
    drawn just above a taken one, the taken numbers are 1 to n, and the next
    one is found by a galloping search from the last number this process saw.
    """

    _number_hint = FIRST_NUMBER - 1  # taken (or below the first): never a free one

    def _is_taken(self, number: int) -> bool:
        return bool(self.recorder.select_events(SessionNumber.id_for(number), limit=1))

    def next_session_number(self) -> int:
        """The lowest free number: doubling steps above the last one seen, then halving."""
        low, step = self._number_hint, 1
        while self._is_taken(low + step):
            low, step = low + step, step * 2
        high = low + step
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if self._is_taken(middle) else (low, middle)
        self._number_hint = low
        return high

    def give_number(self, session_id: UUID, by: UUID, at: datetime) -> SessionNumber:
        return SessionNumber.give(self.next_session_number(), session_id, by, at)

    def number_saved(self, number: int) -> None:
        """Remembers a number this process gave, to start the next search above it."""
        self._number_hint = max(self._number_hint, number)

    def find_session(self, session: SessionRef) -> UUID | None:
        """The id of the session named by its id or its number; None for a number never given."""
        if isinstance(session, UUID):
            return session
        if session < FIRST_NUMBER or not self._is_taken(session):
            return None
        return self.load(SessionNumber, SessionNumber.id_for(session), "session").session_id

    def session_id_of(self, session: SessionRef) -> UUID:
        """The id of the session named by its id or its number, or NotFound."""
        found = self.find_session(session)
        if found is None:
            raise errors.NotFound("No such session.")
        return found
