"""Inputs of commands, as adapters receive them, before the domain's rules."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from domain import errors
from domain.aggregates.candidate_record import CandidateRecord, candidate_record
from domain.values import BillingMode, PersonalData, Sex


@dataclass(frozen=True)
class CandidateInput:
    """The fields an administrator types for a candidate."""

    last_name: str
    first_name: str
    birthdate: date
    sex: Sex | None = None
    birth_country: str | None = None
    birth_insee_code: str | None = None
    birth_postal_code: str | None = None
    birth_city: str | None = None
    external_id: str | None = None
    division: str | None = None
    convocation_email: str | None = None
    results_email: str | None = None
    billing_mode: BillingMode | None = None
    accessibility_adjustment: bool = False

    def to_record(self, today: date) -> CandidateRecord:
        return candidate_record(today=today, **self.__dict__)

    @classmethod
    def from_record(cls, record: CandidateRecord) -> CandidateInput:
        personal: PersonalData = record.personal
        place = personal.birth_place
        if personal.birthdate is None:
            raise errors.PersonalDataErased("This candidate's personal data has been erased.")
        return cls(
            last_name=personal.last_name,
            first_name=personal.first_name,
            birthdate=personal.birthdate,
            sex=personal.sex,
            birth_country=place.country if place else None,
            birth_insee_code=place.insee_code if place else None,
            birth_postal_code=place.postal_code if place else None,
            birth_city=place.city if place else None,
            external_id=personal.external_id,
            division=personal.division,
            convocation_email=personal.convocation_email,
            results_email=personal.results_email,
            billing_mode=record.billing_mode,
            accessibility_adjustment=record.accessibility_adjustment,
        )


CANDIDATE_FIELDS = frozenset(f.name for f in fields(CandidateInput))
