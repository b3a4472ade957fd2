"""Before the session: its details, its roster, its invigilators, its papers."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from uuid import UUID

from domain import errors, limits
from domain.rules import MAX_DAYS_AHEAD
from domain.values import SessionDetails, normalise_text, required_name

if TYPE_CHECKING:
    from domain.aggregates.session import Session

"""How an attendance sheet can leave the service: alone, in the invigilator's
kit, or in a centre's export of every sheet."""
MAX_INVIGILATORS = limits.INVIGILATORS


class SessionPreparation:
    """Commands of the first stage, mixed into ``Session``."""

    def change_details(
        self: Session, details: SessionDetails, today: date, by: UUID, at: datetime
    ) -> None:
        self.refuse_unless_open()
        if details == self.details:
            return
        if details.date != self.details.date or details.start_time != self.details.start_time:
            refuse_past(details, today)
        self.trigger_event(self.SessionDetailsChanged, details=details, by=by, at=at)

    def delete(self: Session, by: UUID, at: datetime) -> None:
        self.refuse_unless_open()
        if self.started:
            raise errors.SessionHasStarted(
                "A session in which a candidate has started cannot be deleted."
            )
        self.trigger_event(self.SessionDeleted, by=by, at=at)

    def renew_invigilator_password(
        self: Session, password_hash: str, by: UUID, at: datetime
    ) -> None:
        self.refuse_unless_open()
        self.trigger_event(
            self.InvigilatorPasswordRenewed, password_hash=password_hash, by=by, at=at
        )

    def name_invigilators(self: Session, names: list[str], by: UUID, at: datetime) -> None:
        """One entry per invigilator; the same person twice is refused."""
        self.refuse_unless_open()
        cleaned = [required_name(n, "invigilators", errors.InvalidSessionDetails) for n in names]
        if len({normalise_text(n) for n in cleaned}) != len(cleaned):
            raise errors.InvalidSessionDetails(
                "The same invigilator is named twice.", field="invigilators"
            )
        if len(cleaned) > MAX_INVIGILATORS:
            raise errors.InvalidSessionDetails("Too many invigilators.", field="invigilators")
        if cleaned != self.invigilators:
            self.trigger_event(self.InvigilatorsNamed, names=cleaned, by=by, at=at)

    def enrol(self: Session, candidate_id: UUID, identity_key: str, by: UUID, at: datetime) -> None:
        self.refuse_unless_open()
        self.refuse_duplicate(candidate_id, identity_key)
        self.trigger_event(
            self.CandidateEnrolled,
            candidate_id=candidate_id,
            identity_key=identity_key,
            by=by,
            at=at,
        )

    def amend_entry(
        self: Session, candidate_id: UUID, identity_key: str, by: UUID, at: datetime
    ) -> None:
        self.refuse_unless_open()
        self.refuse_unknown(candidate_id)
        self.refuse_duplicate(candidate_id, identity_key)
        self.trigger_event(
            self.CandidateEntryChanged,
            candidate_id=candidate_id,
            identity_key=identity_key,
            by=by,
            at=at,
        )

    def withdraw(self: Session, candidate_id: UUID, by: UUID, at: datetime) -> None:
        """Only a candidate who has not joined can be removed."""
        self.refuse_unless_open()
        self.refuse_unknown(candidate_id)
        if candidate_id.hex in self.joined or candidate_id.hex in self.started:
            raise errors.CandidateHasJoined("A candidate who has joined cannot be removed.")
        self.trigger_event(self.CandidateWithdrawn, candidate_id=candidate_id, by=by, at=at)


def refuse_past(details: SessionDetails, today: date) -> None:
    """Neither in the past nor further ahead than a few school years."""
    if details.date < today:
        raise errors.SessionInThePast(
            f"A session cannot be scheduled in the past ({details.date} is before {today}).",
            field="date",
        )
    if (details.date - today).days > MAX_DAYS_AHEAD:
        raise errors.InvalidSessionDetails(
            f"A session is scheduled at most {MAX_DAYS_AHEAD} days ahead.", field="date"
        )
