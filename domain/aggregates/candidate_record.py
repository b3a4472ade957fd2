"""What an administrator enters about a candidate, and its checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
        external_id=optional_text(external_id, "external_id"),
        division=optional_text(division, "division"),
        convocation_email=email_address(convocation_email, "convocation_email"),
        results_email=email_address(results_email, "results_email"),
    )
    return CandidateRecord(personal, billing_mode, accessibility_adjustment)
