"""The certification session: its schedule, its access code and its roster."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import errors
from domain.values import SessionDetails

SHEET_FORMATS = frozenset({"pdf", "csv", "ods", "kit", "centre-pdf"})
"""How an attendance sheet can leave the service: alone, in the invigilator's
kit, or in a centre's export of every sheet."""


class SessionStatus(Enum):
    """Derived from what happened, never set by hand."""

    CREATED = "created"
    STARTED = "started"
    FINALISED = "finalised"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    DELETED = "deleted"


class Session(Aggregate):
    """A certification session of one centre.

    Rules it protects: it is never scheduled in the past; it is not changed once
    finalised; it is not deleted once a candidate has started; no two of its
    candidates share the same normalised names and birthdate. Every change to a
    candidate is also recorded here, so that a change racing with finalisation
    or with another enrolment is settled by optimistic concurrency. Papers that
    left the service (attendance sheets, convocations of its own candidates)
    are recorded as facts, even once finalised, so readiness can tell.
    """

    TOPIC = "certif:Session"

    class Event(Aggregate.Event):
        TOPIC = "certif:Session.Event"
        by: UUID
        at: datetime

    class SessionCreated(Aggregate.Created, Event):
        TOPIC = "certif:Session.SessionCreated"
        centre_id: UUID
        details: SessionDetails
        access_code: str
        invigilator_password_hash: str

    class SessionDetailsChanged(Event):
        TOPIC = "certif:Session.SessionDetailsChanged"
        details: SessionDetails

        def apply(self, session: Session) -> None:
            session.details = self.details

    class SessionDeleted(Event):
        TOPIC = "certif:Session.SessionDeleted"

        def apply(self, session: Session) -> None:
            session.deleted = True

    class InvigilatorPasswordRenewed(Event):
        TOPIC = "certif:Session.InvigilatorPasswordRenewed"
        password_hash: str

        def apply(self, session: Session) -> None:
            session.invigilator_password_hash = self.password_hash

    class CandidateEnrolled(Event):
        TOPIC = "certif:Session.CandidateEnrolled"
        candidate_id: UUID
        identity_key: str

        def apply(self, session: Session) -> None:
            session.roster[self.candidate_id.hex] = self.identity_key

    class CandidateEntryChanged(Event):
        """The candidate's record changed; the key follows a change of name."""

        TOPIC = "certif:Session.CandidateEntryChanged"
        candidate_id: UUID
        identity_key: str

        def apply(self, session: Session) -> None:
            session.roster[self.candidate_id.hex] = self.identity_key

    class CandidateWithdrawn(Event):
        TOPIC = "certif:Session.CandidateWithdrawn"
        candidate_id: UUID

        def apply(self, session: Session) -> None:
            session.roster.pop(self.candidate_id.hex, None)

    class CandidateStarted(Event):
        """A candidate's test began: from now on the session cannot be deleted."""

        TOPIC = "certif:Session.CandidateStarted"
        candidate_id: UUID

        def apply(self, session: Session) -> None:
            session.started.append(self.candidate_id.hex)

    class AttendanceSheetDownloaded(Event):
        """The attendance sheet left the service, to be printed or edited."""

        TOPIC = "certif:Session.AttendanceSheetDownloaded"
        format: str

    class ConvocationSent(Event):
        """A candidate's convocation letter was handed out (downloaded to be sent)."""

        TOPIC = "certif:Session.ConvocationSent"
        candidate_id: UUID

    def __init__(
        self,
        centre_id: UUID,
        details: SessionDetails,
        access_code: str,
        invigilator_password_hash: str,
        by: UUID,
        at: datetime,
    ) -> None:
        self.centre_id = centre_id
        self.details = details
        self.access_code = access_code
        self.invigilator_password_hash = invigilator_password_hash
        self.created_by = by
        self.created_at = at
        self.deleted = False
        self.finalised = False
        self.roster: dict[str, str] = {}
        self.started: list[str] = []

    # Commands ---------------------------------------------------------------

    @classmethod
    def create(
        cls,
        session_id: UUID,
        centre_id: UUID,
        details: SessionDetails,
        access_code: str,
        invigilator_password_hash: str,
        today: date,
        by: UUID,
        at: datetime,
    ) -> Session:
        _refuse_past(details, today)
        return cls._create(
            cls.SessionCreated,
            id=session_id,
            centre_id=centre_id,
            details=details,
            access_code=access_code,
            invigilator_password_hash=invigilator_password_hash,
            by=by,
            at=at,
        )

    def change_details(self, details: SessionDetails, today: date, by: UUID, at: datetime) -> None:
        self._refuse_unless_open()
        if details == self.details:
            return
        if details.date != self.details.date or details.start_time != self.details.start_time:
            _refuse_past(details, today)
        self.trigger_event(self.SessionDetailsChanged, details=details, by=by, at=at)

    def delete(self, by: UUID, at: datetime) -> None:
        self._refuse_unless_open()
        if self.started:
            raise errors.SessionHasStarted(
                "A session in which a candidate has started cannot be deleted."
            )
        self.trigger_event(self.SessionDeleted, by=by, at=at)

    def renew_invigilator_password(self, password_hash: str, by: UUID, at: datetime) -> None:
        self._refuse_unless_open()
        self.trigger_event(
            self.InvigilatorPasswordRenewed, password_hash=password_hash, by=by, at=at
        )

    def enrol(self, candidate_id: UUID, identity_key: str, by: UUID, at: datetime) -> None:
        self._refuse_unless_open()
        self._refuse_duplicate(candidate_id, identity_key)
        self.trigger_event(
            self.CandidateEnrolled,
            candidate_id=candidate_id,
            identity_key=identity_key,
            by=by,
            at=at,
        )

    def amend_entry(self, candidate_id: UUID, identity_key: str, by: UUID, at: datetime) -> None:
        self._refuse_unless_open()
        self._refuse_unknown(candidate_id)
        self._refuse_duplicate(candidate_id, identity_key)
        self.trigger_event(
            self.CandidateEntryChanged,
            candidate_id=candidate_id,
            identity_key=identity_key,
            by=by,
            at=at,
        )

    def withdraw(self, candidate_id: UUID, by: UUID, at: datetime) -> None:
        self._refuse_unless_open()
        self._refuse_unknown(candidate_id)
        if candidate_id.hex in self.started:
            raise errors.CandidateHasJoined("A candidate who has started cannot be removed.")
        self.trigger_event(self.CandidateWithdrawn, candidate_id=candidate_id, by=by, at=at)

    def record_start(self, candidate_id: UUID, by: UUID, at: datetime) -> None:
        self._refuse_unless_open()
        self._refuse_unknown(candidate_id)
        if candidate_id.hex not in self.started:
            self.trigger_event(self.CandidateStarted, candidate_id=candidate_id, by=by, at=at)

    def record_sheet_download(self, file_format: str, by: UUID, at: datetime) -> None:
        """A fact about paper, not a change of the session: allowed even once finalised."""
        self._refuse_if_deleted()
        if file_format not in SHEET_FORMATS:
            raise errors.InvalidInput(
                f"Unknown attendance sheet format: {file_format}.", field="format"
            )
        self.trigger_event(self.AttendanceSheetDownloaded, format=file_format, by=by, at=at)

    def record_convocation_sent(self, candidate_id: UUID, by: UUID, at: datetime) -> None:
        self._refuse_if_deleted()
        self._refuse_unknown(candidate_id)
        self.trigger_event(self.ConvocationSent, candidate_id=candidate_id, by=by, at=at)

    # Queries ----------------------------------------------------------------

    @property
    def status(self) -> SessionStatus:
        if self.deleted:
            return SessionStatus.DELETED
        if self.finalised:
            return SessionStatus.FINALISED
        if self.started:
            return SessionStatus.STARTED
        return SessionStatus.CREATED

    @property
    def can_be_joined(self) -> bool:
        return not (self.deleted or self.finalised)

    def has_candidate(self, candidate_id: UUID) -> bool:
        return candidate_id.hex in self.roster

    # Rules ------------------------------------------------------------------

    def _refuse_if_deleted(self) -> None:
        if self.deleted:
            raise errors.SessionDeleted("This session has been deleted.")

    def _refuse_unless_open(self) -> None:
        self._refuse_if_deleted()
        if self.finalised:
            raise errors.SessionFinalised("This session is finalised: it can no longer change.")

    def _refuse_unknown(self, candidate_id: UUID) -> None:
        if candidate_id.hex not in self.roster:
            raise errors.NotFound("No such candidate in this session.", field="candidate_id")

    def _refuse_duplicate(self, candidate_id: UUID, identity_key: str) -> None:
        for other, key in self.roster.items():
            if key == identity_key and other != candidate_id.hex:
                raise errors.DuplicateCandidate(
                    "A candidate with the same names and birthdate is already in this session."
                )


def _refuse_past(details: SessionDetails, today: date) -> None:
    if details.date < today:
        raise errors.SessionInThePast(
            f"A session cannot be scheduled in the past ({details.date} is before {today}).",
            field="date",
        )
