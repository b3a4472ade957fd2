"""The certification session: before, during and after, as the guide divides it."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.domain import Snapshot as AggregateSnapshot
from eventsourcing.utils import register_topic

from domain import errors
from domain.aggregates.session_closing import SessionClosing
from domain.aggregates.session_conduct import SessionConduct
from domain.aggregates.session_preparation import SessionPreparation, refuse_past
from domain.reports import Finalisation, FraudReport, IncidentReport
from domain.values import SessionDetails


class SessionStatus(Enum):
    """Derived from what happened, never set by hand."""

    CREATED = "created"
    STARTED = "started"
    FINALISED = "finalised"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    DELETED = "deleted"


def derive_status(
    *, deleted: bool, published: bool, finalised: bool, waiting_for_review: bool, started: bool
) -> SessionStatus:
    """The one rule for a session's status, for the aggregate and its read models."""
    if deleted:
        return SessionStatus.DELETED
    if published:
        return SessionStatus.PUBLISHED
    if finalised:
        return SessionStatus.IN_REVIEW if waiting_for_review else SessionStatus.FINALISED
    return SessionStatus.STARTED if started else SessionStatus.CREATED


class Session(SessionPreparation, SessionConduct, SessionClosing, Aggregate):
    """A certification session of one centre; its commands are grouped by stage
    in the three mixins, its events and state are here.

    Rules it protects: it is never scheduled in the past; nothing changes once it
    is finalised, and nothing at all once published; it is not deleted once a
    candidate has started; no two candidates share normalised names and
    birthdate; it starts only with one invigilator per 20 candidates. Every
    change to a candidate is also recorded here, so that races with finalisation
    or another enrolment are settled by optimistic concurrency.
    """

    TOPIC = "certif:Session"

    class Snapshot(AggregateSnapshot):
        """The session's state at a version, so that a long stream loads from
        it and the events after it. Its personal values (reports, reasons,
        comments about a candidate) are stored sealed, as in their events."""

        TOPIC = "certif:Session.Snapshot"

    class Event(Aggregate.Event):
        TOPIC = "certif:Session.Event"
        by: UUID
        at: datetime

    class SessionCreated(Aggregate.Created, Event):
        """Version 2 carries the session's number; those stored before have none."""

        TOPIC = "certif:Session.SessionCreated"
        class_version = 2
        centre_id: UUID
        details: SessionDetails
        access_code: str
        invigilator_password_hash: str
        number: int | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["number"] = None

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
            session.password_generation += 1

    class InvigilatorsNamed(Event):
        TOPIC = "certif:Session.InvigilatorsNamed"
        names: list[str]

        def apply(self, session: Session) -> None:
            session.invigilators = list(self.names)

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

    # No longer recorded on the session (its stream holds decisions only; see
    # SessionActivity). Kept so that the events stored before still load: their
    # topics are a contract.

    class AttendanceSheetDownloaded(Event):
        """Stored before: the attendance sheet left the service."""

        TOPIC = "certif:Session.AttendanceSheetDownloaded"
        format: str

    class ConvocationSent(Event):
        """Stored before: a candidate's convocation letter was handed out."""

        TOPIC = "certif:Session.ConvocationSent"
        candidate_id: UUID

    class InvigilatorSignInAttempted(Event):
        """Stored before: an attempt to open the invigilator's workspace."""

        TOPIC = "certif:Session.InvigilatorSignInAttempted"
        outcome: str

    class SessionStarted(Event):
        TOPIC = "certif:Session.SessionStarted"

        def apply(self, session: Session) -> None:
            session.started_at = session.started_at or self.at

    class CandidateJoined(Event):
        TOPIC = "certif:Session.CandidateJoined"
        candidate_id: UUID

        def apply(self, session: Session) -> None:
            session.joined.append(self.candidate_id.hex)

    class CandidateStarted(Event):
        """A candidate's test began: from now on the session cannot be deleted."""

        TOPIC = "certif:Session.CandidateStarted"
        candidate_id: UUID

        def apply(self, session: Session) -> None:
            session.started.append(self.candidate_id.hex)

    class CandidateFinished(Event):
        """A test ended: reached the end screen (completed) or ended by the invigilator."""

        TOPIC = "certif:Session.CandidateFinished"
        candidate_id: UUID
        completed: bool

        def apply(self, session: Session) -> None:
            session.finished[self.candidate_id.hex] = self.completed

    class IncidentReported(Event):
        TOPIC = "certif:Session.IncidentReported"
        report: IncidentReport

        def apply(self, session: Session) -> None:
            session.incidents.append(self.report)
            if self.report.needs_action:
                session.review_completed = False  # a reviewer must see it too

    class FraudReported(Event):
        TOPIC = "certif:Session.FraudReported"
        report: FraudReport

        def apply(self, session: Session) -> None:
            session.frauds.append(self.report)
            session.review_completed = False  # a reviewer must see it too

    class SessionFinalised(Event):
        TOPIC = "certif:Session.SessionFinalised"
        finalisation: Finalisation

        def apply(self, session: Session) -> None:
            session.finalisation = self.finalisation

    class SessionUnfinalised(Event):
        TOPIC = "certif:Session.SessionUnfinalised"

        def apply(self, session: Session) -> None:
            session.finalisation = None
            session.review_completed = False

    class ReviewCommented(Event):
        TOPIC = "certif:Session.ReviewCommented"
        comment: str

        def apply(self, session: Session) -> None:
            session.review_comments.append(self.comment)

    class CertificationCancelled(Event):
        TOPIC = "certif:Session.CertificationCancelled"
        candidate_id: UUID
        reason: str

        def apply(self, session: Session) -> None:
            session.cancelled[self.candidate_id.hex] = self.reason

    class ReviewCompleted(Event):
        TOPIC = "certif:Session.ReviewCompleted"

        def apply(self, session: Session) -> None:
            session.review_completed = True

    class ResultReceived(Event):
        """A candidate's result arrived: recorded here too, so that it cannot
        slip in after publication."""

        TOPIC = "certif:Session.ResultReceived"
        candidate_id: UUID

    class ResultsPublished(Event):
        TOPIC = "certif:Session.ResultsPublished"

        def apply(self, session: Session) -> None:
            session.published = True

    def __init__(
        self,
        centre_id: UUID,
        details: SessionDetails,
        access_code: str,
        invigilator_password_hash: str,
        number: int | None,
        by: UUID,
        at: datetime,
    ) -> None:
        self.centre_id = centre_id
        self.number = number
        self.details = details
        self.access_code = access_code
        self.invigilator_password_hash = invigilator_password_hash
        self.password_generation = 0
        self.created_by, self.created_at = by, at
        self.deleted = self.published = self.review_completed = False
        self.roster: dict[str, str] = {}
        self.invigilators: list[str] = []
        self.started_at: datetime | None = None
        self.joined: list[str] = []
        self.started: list[str] = []
        self.finished: dict[str, bool] = {}
        self.incidents: list[IncidentReport] = []
        self.frauds: list[FraudReport] = []
        self.finalisation: Finalisation | None = None
        self.review_comments: list[str] = []
        self.cancelled: dict[str, str] = {}

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
        number: int | None = None,
    ) -> Session:
        refuse_past(details, today)
        return cls._create(
            cls.SessionCreated,
            id=session_id,
            centre_id=centre_id,
            details=details,
            access_code=access_code,
            invigilator_password_hash=invigilator_password_hash,
            number=number,
            by=by,
            at=at,
        )

    # Queries ----------------------------------------------------------------

    @property
    def status(self) -> SessionStatus:
        return derive_status(
            deleted=self.deleted,
            published=self.published,
            finalised=self.finalisation is not None,
            waiting_for_review=self.needs_review and not self.review_completed,
            started=self.started_at is not None or bool(self.started),
        )

    @property
    def finalised(self) -> bool:
        return self.finalisation is not None

    @property
    def needs_review(self) -> bool:
        """A comment, a report needing action or a fraud: a reviewer must look."""
        form = self.finalisation
        commented = form is not None and bool(form.comment or form.candidate_comments)
        return commented or bool(self.frauds) or any(i.needs_action for i in self.incidents)

    @property
    def can_be_joined(self) -> bool:
        return self.started_at is not None and not (self.deleted or self.finalised)

    def holds_identity(self, identity_key: str) -> bool:
        """Whether a candidate of this session has these names and birthdate."""
        return identity_key in self.roster.values()

    def has_candidate(self, candidate_id: UUID) -> bool:
        return candidate_id.hex in self.roster

    # Rules shared by the stages ---------------------------------------------

    def refuse_if_deleted(self) -> None:
        if self.deleted:
            raise errors.SessionDeleted("This session has been deleted.")

    def refuse_if_published(self) -> None:
        self.refuse_if_deleted()
        if self.published:
            raise errors.SessionPublished("Results are published: the session is closed.")

    def refuse_unless_open(self) -> None:
        self.refuse_if_published()
        if self.finalised:
            raise errors.SessionFinalised("This session is finalised: it can no longer change.")

    def refuse_unknown(self, candidate_id: UUID) -> None:
        if candidate_id.hex not in self.roster:
            raise errors.NotFound("No such candidate in this session.", field="candidate_id")

    def refuse_duplicate(self, candidate_id: UUID, identity_key: str) -> None:
        if identity_key not in self.roster.values():  # at C speed: a list of 2,000 enrols fast
            return
        for other, key in self.roster.items():
            if key == identity_key and other != candidate_id.hex:
                raise errors.DuplicateCandidate(
                    "A candidate with the same names and birthdate is already in this session."
                )


register_topic(Session.Snapshot.TOPIC, Session.Snapshot)  # a stored name, like the events'
