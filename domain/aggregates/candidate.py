"""A candidate enrolled in a session, and everything personal about them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import errors, limits
from domain.aggregates.candidate_record import CandidateRecord
from domain.aggregates.candidate_sitting import CandidateSitting
from domain.reports import CertificationResult, EligibilityDecision
from domain.values import ERASED_PERSONAL, BillingMode, CentreType, PersonalData

ERASURE_REASON_MAX_LENGTH = limits.REASON


class Candidate(CandidateSitting, Aggregate):
    """One candidate of one session.

    Rules it protects: billing mode is empty in schools and required elsewhere;
    birth place is required outside schools; a removed candidate stays removed.
    Personal fields travel together in a ``PersonalData`` value so that they can
    later be encrypted with a key of this candidate and erased by destroying it.
    Rules that involve the session (duplicates, finalisation) are checked by the
    session, which records its own event in the same atomic save. The day of
    the session (joining, authorised starts, end) is in ``CandidateSitting``.
    """

    TOPIC = "certif:Candidate"

    class Event(Aggregate.Event):
        TOPIC = "certif:Candidate.Event"
        by: UUID
        at: datetime

    class CandidateAdded(Aggregate.Created, Event):
        TOPIC = "certif:Candidate.CandidateAdded"
        session_id: UUID
        centre_id: UUID
        personal: PersonalData
        billing_mode: BillingMode | None
        accessibility_adjustment: bool
        extra_time: Decimal

    class CandidateDetailsChanged(Event):
        TOPIC = "certif:Candidate.CandidateDetailsChanged"
        personal: PersonalData
        billing_mode: BillingMode | None
        accessibility_adjustment: bool

        def apply(self, candidate: Candidate) -> None:
            candidate.personal = self.personal
            candidate.billing_mode = self.billing_mode
            candidate.accessibility_adjustment = self.accessibility_adjustment

    class ExtraTimeNoted(Event):
        TOPIC = "certif:Candidate.ExtraTimeNoted"
        extra_time: Decimal

        def apply(self, candidate: Candidate) -> None:
            candidate.extra_time = self.extra_time

    class CandidateRemoved(Event):
        TOPIC = "certif:Candidate.CandidateRemoved"

        def apply(self, candidate: Candidate) -> None:
            candidate.removed = True

    class CandidateJoined(Event):
        """Joined with the access code: linked to the pupil's account, with the
        eligibility decision of that moment, which no later rule rewrites."""

        TOPIC = "certif:Candidate.CandidateJoined"
        pupil_account: str
        decision: EligibilityDecision

        def apply(self, candidate: Candidate) -> None:
            candidate.pupil_account = self.pupil_account
            candidate.decision = self.decision

    class PupilAccountDetached(Event):
        """The invigilator undid a join made from the wrong pupil account, before
        the test began: the candidate can join again, and the eligibility
        decision will be taken again then."""

        TOPIC = "certif:Candidate.PupilAccountDetached"
        pupil_account: str

        def apply(self, candidate: Candidate) -> None:
            candidate.pupil_account = None
            candidate.decision = None
            candidate.authorised = False

    class PresenceConfirmed(Event):
        """The invigilator saw the candidate: the next start is authorised."""

        TOPIC = "certif:Candidate.PresenceConfirmed"

        def apply(self, candidate: Candidate) -> None:
            candidate.authorised = True

    class PresenceCancelled(Event):
        """The invigilator withdrew a confirmation of presence before it was
        used (the wrong pupil confirmed): the next start needs a new one."""

        TOPIC = "certif:Candidate.PresenceCancelled"

        def apply(self, candidate: Candidate) -> None:
            candidate.authorised = False

    class TestStarted(Event):
        """The authorisation is spent: a resume needs a new one."""

        TOPIC = "certif:Candidate.TestStarted"
        resumed: bool

        def apply(self, candidate: Candidate) -> None:
            candidate.authorised = False
            candidate.started_at = candidate.started_at or self.at

    class HelpRequested(Event):
        TOPIC = "certif:Candidate.HelpRequested"

        def apply(self, candidate: Candidate) -> None:
            candidate.help_requested = True

    class HelpGiven(Event):
        TOPIC = "certif:Candidate.HelpGiven"

        def apply(self, candidate: Candidate) -> None:
            candidate.help_requested = False

    class TestEnded(Event):
        """The invigilator ended the candidate's test."""

        TOPIC = "certif:Candidate.TestEnded"

        def apply(self, candidate: Candidate) -> None:
            candidate.finished, candidate.authorised = "ended", False

    class TestCompleted(Event):
        """The candidate reached the end screen."""

        TOPIC = "certif:Candidate.TestCompleted"

        def apply(self, candidate: Candidate) -> None:
            candidate.finished, candidate.authorised = "completed", False

    class PersonalDataErased(Event):
        """The candidate's key is destroyed: every personal field they ever
        had reads as erased, in every event and read model; the rest stays."""

        TOPIC = "certif:Candidate.PersonalDataErased"
        reason: str

        def apply(self, candidate: Candidate) -> None:
            candidate.personal = ERASED_PERSONAL
            candidate.extra_time = Decimal(0)
            candidate.accessibility_adjustment = False
            candidate.pupil_account = None
            candidate.erased = True

    class ResultRecorded(Event):
        TOPIC = "certif:Candidate.ResultRecorded"
        result: CertificationResult

        def apply(self, candidate: Candidate) -> None:
            candidate.result = self.result

    def __init__(
        self,
        session_id: UUID,
        centre_id: UUID,
        personal: PersonalData,
        billing_mode: BillingMode | None,
        accessibility_adjustment: bool,
        extra_time: Decimal,
        by: UUID,
        at: datetime,
    ) -> None:
        self.session_id = session_id
        self.centre_id = centre_id
        self.personal = personal
        self.billing_mode = billing_mode
        self.accessibility_adjustment = accessibility_adjustment
        self.extra_time = extra_time
        self.added_at = at
        self.removed = self.authorised = self.help_requested = self.erased = False
        self.pupil_account: str | None = None
        self.decision: EligibilityDecision | None = None
        self.started_at: datetime | None = None
        self.finished: str | None = None
        self.result: CertificationResult | None = None

    @classmethod
    def add(
        cls,
        candidate_id: UUID,
        session_id: UUID,
        centre_id: UUID,
        centre_type: CentreType,
        record: CandidateRecord,
        extra_time: Decimal,
        by: UUID,
        at: datetime,
    ) -> Candidate:
        record.check_for(centre_type)
        return cls._create(
            cls.CandidateAdded,
            id=candidate_id,
            session_id=session_id,
            centre_id=centre_id,
            personal=record.personal,
            billing_mode=record.billing_mode,
            accessibility_adjustment=record.accessibility_adjustment,
            extra_time=extra_time,
            by=by,
            at=at,
        )

    def change_details(
        self, centre_type: CentreType, record: CandidateRecord, by: UUID, at: datetime
    ) -> bool:
        """Records the new details; answers whether anything changed."""
        self.refuse_if_removed()
        record.check_for(centre_type)
        if record == self.record:
            return False
        self.trigger_event(
            self.CandidateDetailsChanged,
            personal=record.personal,
            billing_mode=record.billing_mode,
            accessibility_adjustment=record.accessibility_adjustment,
            by=by,
            at=at,
        )
        return True

    def note_extra_time(self, extra_time: Decimal, by: UUID, at: datetime) -> bool:
        """At any time before the candidate finishes."""
        self.refuse_if_removed()
        if self.finished is not None:
            raise errors.TestNotRunning(f"This candidate's test has {self.finished}.")
        if extra_time == self.extra_time:
            return False
        self.trigger_event(self.ExtraTimeNoted, extra_time=extra_time, by=by, at=at)
        return True

    def remove(self, by: UUID, at: datetime) -> None:
        self.refuse_if_removed()
        self.trigger_event(self.CandidateRemoved, by=by, at=at)

    def erase(self, reason: str, by: UUID, at: datetime) -> bool:
        """Records the erasure once; answers whether it was recorded now."""
        if self.erased:
            return False
        text = " ".join(reason.split())
        if not text:
            raise errors.InvalidInput("Say why the personal data is erased.", field="reason")
        if len(text) > ERASURE_REASON_MAX_LENGTH:
            raise errors.InvalidInput(
                f"The reason is limited to {ERASURE_REASON_MAX_LENGTH} characters.",
                field="reason",
            )
        self.trigger_event(self.PersonalDataErased, reason=text, by=by, at=at)
        return True

    @property
    def record(self) -> CandidateRecord:
        return CandidateRecord(
            personal=self.personal,
            billing_mode=self.billing_mode,
            accessibility_adjustment=self.accessibility_adjustment,
        )

    def refuse_if_removed(self) -> None:
        if self.erased:
            raise errors.PersonalDataErased("This candidate's personal data has been erased.")
        if self.removed:
            raise errors.CandidateRemoved("This candidate has been removed from the session.")
