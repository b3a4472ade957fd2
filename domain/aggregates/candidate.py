"""A candidate enrolled in a session, and everything personal about them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain import errors, values
from domain.values import (
    BillingMode,
    CentreType,
    PersonalData,
    Sex,
    birth_place,
    email_address,
    optional_text,
    required_name,
)


class Candidate(Aggregate):
    """One candidate of one session.

    Rules it protects: billing mode is empty in schools and required elsewhere;
    birth place is required outside schools; a removed candidate stays removed.
    Personal fields travel together in a ``PersonalData`` value so that they can
    later be encrypted with a key of this candidate and erased by destroying it.
    Rules that involve the session (duplicates, finalisation) are checked by the
    session, which records its own event in the same atomic save.
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
        self.removed = False

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
        self._refuse_if_removed()
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
        self._refuse_if_removed()
        if extra_time == self.extra_time:
            return False
        self.trigger_event(self.ExtraTimeNoted, extra_time=extra_time, by=by, at=at)
        return True

    def remove(self, by: UUID, at: datetime) -> None:
        self._refuse_if_removed()
        self.trigger_event(self.CandidateRemoved, by=by, at=at)

    @property
    def record(self) -> CandidateRecord:
        return CandidateRecord(
            personal=self.personal,
            billing_mode=self.billing_mode,
            accessibility_adjustment=self.accessibility_adjustment,
        )

    def _refuse_if_removed(self) -> None:
        if self.removed:
            raise errors.CandidateRemoved("This candidate has been removed from the session.")


@dataclass(frozen=True)
class CandidateRecord:
    """What an administrator enters about a candidate, before centre rules apply."""

    personal: PersonalData
    billing_mode: BillingMode | None = None
    accessibility_adjustment: bool = False

    def check_for(self, centre_type: CentreType) -> None:
        """Schools: no billing mode, birth place optional. Others: both required."""
        if centre_type is CentreType.SCO:
            if self.billing_mode is not None:
                raise errors.InvalidBillingMode(
                    "Schools do not bill their pupils: leave the billing mode empty.",
                    field="billing_mode",
                )
            return
        if self.billing_mode is None:
            raise errors.InvalidBillingMode(
                "The billing mode (FREE, PAID or PREPAID) is required outside schools.",
                field="billing_mode",
            )
        if self.personal.birth_place is None:
            raise errors.InvalidBirthPlace(
                "The birth place is required outside schools.", field="birth_country"
            )
        if self.personal.sex is None:
            raise errors.InvalidInput("The sex (M or F) is required outside schools.", field="sex")


def candidate_record(
    *,
    last_name: str,
    first_name: str,
    birthdate: date,
    today: date,
    sex: Sex | None = None,
    birth_country: str | None = None,
    birth_insee_code: str | None = None,
    birth_postal_code: str | None = None,
    birth_city: str | None = None,
    external_id: str | None = None,
    division: str | None = None,
    convocation_email: str | None = None,
    results_email: str | None = None,
    billing_mode: BillingMode | None = None,
    accessibility_adjustment: bool = False,
) -> CandidateRecord:
    """Checks each field's own rule; centre rules are checked on add and change."""
    given_birth_place = any(
        optional_text(v) for v in (birth_country, birth_insee_code, birth_postal_code, birth_city)
    )
    personal = PersonalData(
        last_name=required_name(last_name, "last_name"),
        first_name=required_name(first_name, "first_name"),
        birthdate=values.birthdate(birthdate, today),
        birth_place=(
            birth_place(birth_country, birth_insee_code, birth_postal_code, birth_city)
            if given_birth_place
            else None
        ),
        sex=sex,
        external_id=optional_text(external_id),
        division=optional_text(division),
        convocation_email=email_address(convocation_email, "convocation_email"),
        results_email=email_address(results_email, "results_email"),
    )
    return CandidateRecord(personal, billing_mode, accessibility_adjustment)
