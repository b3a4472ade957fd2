"""A pupil of a school's roster, and what is personal about them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import errors
from domain.aggregates.candidate import ERASURE_REASON_MAX_LENGTH
from domain.values import PersonalData

_PUPIL_NAMESPACE = UUID("5b0e7c1a-93d2-4f68-a4b1-0c8e2f7d6a39")


class Pupil(Aggregate):
    """One pupil of one school, as its roster imports say.

    Rules it protects: a pupil missing from a later roster is marked gone,
    never deleted, and comes back if a roster lists them again; an erased
    pupil stays erased. The personal fields are sealed with a key of the
    pupil's own (``domain.personal``), so erasing destroys them everywhere.
    The sessions the pupil was enrolled into are kept, so that erasing the
    pupil erases those candidates too.
    """

    TOPIC = "certif:Pupil"

    class Event(Aggregate.Event):
        TOPIC = "certif:Pupil.Event"
        by: UUID
        at: datetime

    class PupilListed(Aggregate.Created, Event):
        TOPIC = "certif:Pupil.PupilListed"
        centre_id: UUID
        personal: PersonalData
        usage_name: str | None
        birth_country_code: str | None
        birth_city: str | None

    class PupilDetailsChanged(Event):
        TOPIC = "certif:Pupil.PupilDetailsChanged"
        personal: PersonalData
        usage_name: str | None
        birth_country_code: str | None
        birth_city: str | None

        def apply(self, pupil: Pupil) -> None:
            pupil.personal = self.personal
            pupil.usage_name = self.usage_name
            pupil.birth_country_code = self.birth_country_code
            pupil.birth_city = self.birth_city

    class PupilLeft(Event):
        """Missing from the latest roster: kept, shown as gone, not enrolled again."""

        TOPIC = "certif:Pupil.PupilLeft"

        def apply(self, pupil: Pupil) -> None:
            pupil.gone = True

    class PupilReturned(Event):
        TOPIC = "certif:Pupil.PupilReturned"

        def apply(self, pupil: Pupil) -> None:
            pupil.gone = False

    class PupilEnrolled(Event):
        TOPIC = "certif:Pupil.PupilEnrolled"
        session_id: UUID
        candidate_id: UUID

        def apply(self, pupil: Pupil) -> None:
            pupil.enrolments[self.session_id.hex] = self.candidate_id.hex

    class PupilErased(Event):
        TOPIC = "certif:Pupil.PupilErased"
        reason: str

        def apply(self, pupil: Pupil) -> None:
            pupil.erased = True

    def __init__(
        self,
        centre_id: UUID,
        personal: PersonalData,
        usage_name: str | None,
        birth_country_code: str | None,
        birth_city: str | None,
        by: UUID,
        at: datetime,
    ) -> None:
        self.centre_id = centre_id
        self.personal = personal
        self.usage_name = usage_name
        self.birth_country_code = birth_country_code
        self.birth_city = birth_city
        self.gone = False
        self.erased = False
        self.enrolments: dict[str, str] = {}

    @staticmethod
    def id_for(centre_id: UUID, national_key: str) -> UUID:
        """The same pupil of the same school, import after import. The key is the
        keyed pseudonym of the national id, never the id itself."""
        return uuid5(_PUPIL_NAMESPACE, f"pupil:{centre_id}:{national_key}")

    @classmethod
    def list(
        cls, pupil_id: UUID, centre_id: UUID, details: PupilDetails, by: UUID, at: datetime
    ) -> Pupil:
        return cls._create(
            cls.PupilListed,
            id=pupil_id,
            centre_id=centre_id,
            **details.fields(),
            by=by,
            at=at,
        )

    @property
    def details(self) -> PupilDetails:
        return PupilDetails(
            self.personal, self.usage_name, self.birth_country_code, self.birth_city
        )

    def change_details(self, details: PupilDetails, by: UUID, at: datetime) -> None:
        self.refuse_if_erased()
        if details != self.details:
            self.trigger_event(self.PupilDetailsChanged, **details.fields(), by=by, at=at)

    def leave(self, by: UUID, at: datetime) -> None:
        if not self.gone and not self.erased:
            self.trigger_event(self.PupilLeft, by=by, at=at)

    def come_back(self, by: UUID, at: datetime) -> None:
        self.refuse_if_erased()
        if self.gone:
            self.trigger_event(self.PupilReturned, by=by, at=at)

    def enrol(self, session_id: UUID, candidate_id: UUID, by: UUID, at: datetime) -> None:
        self.refuse_if_erased()
        if self.gone:
            raise errors.PupilGone("This pupil has left the school.", field="pupils")
        self.trigger_event(
            self.PupilEnrolled, session_id=session_id, candidate_id=candidate_id, by=by, at=at
        )

    def erase(self, reason: str, by: UUID, at: datetime) -> None:
        text = " ".join(reason.split())
        if not text:
            raise errors.InvalidInput("Say why the personal data is erased.", field="reason")
        if len(text) > ERASURE_REASON_MAX_LENGTH:
            raise errors.InvalidInput(
                f"The reason is limited to {ERASURE_REASON_MAX_LENGTH} characters.",
                field="reason",
            )
        if not self.erased:
            self.trigger_event(self.PupilErased, reason=text, by=by, at=at)

    def refuse_if_erased(self) -> None:
        if self.erased or self.personal.erased:
            raise errors.PersonalDataErased("This pupil's personal data has been erased.")


@dataclass(frozen=True)
class PupilDetails:
    """What a roster says of a pupil: the candidate's personal fields, plus the
    usage name and, for a birth abroad, the country's INSEE code and the city."""

    personal: PersonalData
    usage_name: str | None = None
    birth_country_code: str | None = None
    birth_city: str | None = None

    def fields(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
