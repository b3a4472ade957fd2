"""Value objects of the certification domain.

Each constructor function checks its rule and raises a named error; the frozen
dataclasses it returns are what events carry. Enums are plain ``Enum`` (not
``StrEnum``) so that the event store's transcoder keeps their type.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from domain import errors, limits
from domain.text import safe_text

EARLIEST_BIRTHDATE = date(1900, 1, 1)
ACCESS_CODE_LETTERS = "BCDFGHJKMPQRTVWXY"
ACCESS_CODE_DIGITS = "2346789"
ACCESS_CODE_PATTERN = re.compile(f"^[{ACCESS_CODE_LETTERS}]{{4}}[{ACCESS_CODE_DIGITS}]{{2}}$")
MAX_EXTRA_TIME = Decimal(10)
NAME_MAX_LENGTH = limits.NAME
OBSERVATIONS_MAX_LENGTH = limits.OBSERVATIONS
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_INSEE_CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_POSTAL_CODE = re.compile(r"^\d{5}$")
FRANCE = "FRANCE"


class CentreType(Enum):
    """Kind of certification centre: school, higher education, professional."""

    SCO = "SCO"
    SUP = "SUP"
    PRO = "PRO"


class Role(Enum):
    """What an account may do: administer the centres it accepted, operate the
    platform, review sessions, or audit every centre (reading, never changing).
    Invigilators and candidates have no account role: they act through a token
    of one session or of their own test."""

    ADMINISTRATOR = "administrator"
    OPERATOR = "operator"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"


class Sex(Enum):
    M = "M"
    F = "F"


class BillingMode(Enum):
    FREE = "FREE"
    PAID = "PAID"
    PREPAID = "PREPAID"


@dataclass(frozen=True)
class BirthPlace:
    """Where a candidate was born: an INSEE code, or a postal code and city,
    in France; a city and a country abroad."""

    country: str
    insee_code: str | None = None
    postal_code: str | None = None
    city: str | None = None


@dataclass(frozen=True)
class PersonalData:
    """Every personal field of a candidate, kept together so that it can be
    encrypted with the candidate's own key and erased by destroying that key.
    Once erased, the names read as ``ERASED``, the birthdate as ``None`` and
    ``erased`` is true (see ``domain.personal``)."""

    last_name: str
    first_name: str
    birthdate: date | None
    sex: Sex | None = None
    birth_place: BirthPlace | None = None
    external_id: str | None = None
    division: str | None = None
    convocation_email: str | None = None
    results_email: str | None = None
    erased: bool = False


ERASED = "[effacé]"
ERASED_PERSONAL = PersonalData(last_name=ERASED, first_name=ERASED, birthdate=None, erased=True)


@dataclass(frozen=True)
class SessionDetails:
    """What the administrator says about a session: where, when, who invigilates."""

    site: str
    room: str
    examiner: str
    date: date
    start_time: time
    observations: str = ""

    @property
    def slot_key(self) -> str:
        """The same site, room, date and time, however they were typed."""
        return "|".join(
            [
                normalise_text(self.site),
                normalise_text(self.room),
                self.date.isoformat(),
                self.start_time.strftime("%H:%M"),
            ]
        )


@dataclass(frozen=True)
class CertificationWindow:
    """A period in which a centre's sessions may be scheduled (data, yearly)."""

    label: str
    first_day: date
    last_day: date

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


def certification_window(label: str, first_day: date, last_day: date) -> CertificationWindow:
    label = label.strip()
    if not label:
        raise errors.InvalidCertificationWindow("A window needs a label.", field="label")
    if last_day < first_day:
        raise errors.InvalidCertificationWindow(
            "A window's last day cannot come before its first day.", field="last_day"
        )
    return CertificationWindow(label=label, first_day=first_day, last_day=last_day)


def required_name(
    value: str, field: str, refusal: type[errors.InvalidInput] = errors.InvalidName
) -> str:
    """Trimmed, inner spaces folded, non-empty, bounded, no control characters:
    the rule for every name."""
    trimmed = " ".join(safe_text(value, field).split())
    label = field.replace("_", " ")
    if not trimmed:
        raise refusal(f"The {label} is required.", field=field)
    if len(trimmed) > NAME_MAX_LENGTH:
        raise refusal(f"The {label} is longer than {NAME_MAX_LENGTH} characters.", field=field)
    return trimmed


def optional_text(value: str | None, field: str = "text") -> str | None:
    if value is None:
        return None
    trimmed = " ".join(safe_text(value, field).split())
    return trimmed or None


def email_address(value: str | None, field: str) -> str | None:
    trimmed = optional_text(value, field)
    if trimmed is None:
        return None
    if not _EMAIL.match(trimmed) or len(trimmed) > limits.EMAIL:
        raise errors.InvalidEmail(f"'{trimmed}' is not an email address.", field=field)
    return trimmed.lower()


def birthdate(value: date, today: date) -> date:
    """After 1900-01-01 and not in the future."""
    if value <= EARLIEST_BIRTHDATE:
        raise errors.InvalidBirthdate("The birthdate must be after 1900-01-01.", field="birthdate")
    if value > today:
        raise errors.InvalidBirthdate("The birthdate cannot be in the future.", field="birthdate")
    return value


def birth_place(
    country: str | None,
    insee_code: str | None,
    postal_code: str | None,
    city: str | None,
) -> BirthPlace:
    """INSEE code or postal code + city in France; city and country abroad."""
    country_name = (optional_text(country, "birth_country") or "").upper()
    insee, postal, city_name = (
        optional_text(insee_code, "birth_insee_code"),
        optional_text(postal_code, "birth_postal_code"),
        optional_text(city, "birth_city"),
    )
    if not country_name:
        raise errors.InvalidBirthPlace("The birth country is required.", field="birth_country")
    if country_name != FRANCE:
        if insee or postal:
            raise errors.InvalidBirthPlace(
                "INSEE and postal codes are for births in France only.", field="birth_insee_code"
            )
        if not city_name:
            raise errors.InvalidBirthPlace(
                "The birth city is required for a birth abroad.", field="birth_city"
            )
        return BirthPlace(country=country_name, city=city_name)
    if insee and (postal or city_name):
        raise errors.InvalidBirthPlace(
            "Give either the INSEE code or the postal code and city, not both.",
            field="birth_insee_code",
        )
    if insee:
        if not _INSEE_CODE.match(insee.upper()):
            raise errors.InvalidBirthPlace(
                f"'{insee}' is not an INSEE commune code.", field="birth_insee_code"
            )
        return BirthPlace(country=FRANCE, insee_code=insee.upper())
    if not (postal and city_name):
        raise errors.InvalidBirthPlace(
            "A birth in France needs the INSEE code, or the postal code and the city.",
            field="birth_postal_code",
        )
    if not _POSTAL_CODE.match(postal):
        raise errors.InvalidBirthPlace(
            f"'{postal}' is not a postal code.", field="birth_postal_code"
        )
    return BirthPlace(country=FRANCE, postal_code=postal, city=city_name)


def extra_time(value: str | Decimal | float | int) -> Decimal:
    """A ratio 0 ≤ r < 10, given as a ratio (0.33) or a percentage ("33%")."""
    try:
        if isinstance(value, str):
            text = value.strip().replace(",", ".").replace(" ", "")
            ratio = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        else:
            ratio = Decimal(str(value))
    except InvalidOperation:
        raise errors.InvalidExtraTime(
            f"'{value}' is not a ratio (0.33) or a percentage (33%).", field="extra_time"
        ) from None
    if not ratio.is_finite() or ratio < 0 or ratio >= MAX_EXTRA_TIME:
        raise errors.InvalidExtraTime(
            "Extra time must be at least 0 and less than 10 (1000 %).", field="extra_time"
        )
    if ratio.as_tuple().exponent < -4:  # type: ignore[operator]
        raise errors.InvalidExtraTime(
            "Extra time is kept to a hundredth of a percent.", field="extra_time"
        )
    return ratio.normalize() if ratio else Decimal(0)


def access_code(value: str) -> str:
    code = value.strip().upper()
    if not ACCESS_CODE_PATTERN.match(code):
        raise errors.InvalidAccessCode(
            "An access code is 4 letters of BCDFGHJKMPQRTVWXY then 2 digits of 2346789.",
            field="access_code",
        )
    return code


def new_access_code() -> str:
    letters = "".join(secrets.choice(ACCESS_CODE_LETTERS) for _ in range(4))
    digits = "".join(secrets.choice(ACCESS_CODE_DIGITS) for _ in range(2))
    return letters + digits


def normalise_text(value: str) -> str:
    """Case, accents, punctuation and spacing do not distinguish two names."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def session_details(
    site: str,
    room: str,
    examiner: str,
    date: date,
    start_time: time,
    observations: str | None = None,
) -> SessionDetails:
    """Site, room and examiner are required; times are kept to the minute."""
    return SessionDetails(
        site=required_name(site, "site", errors.InvalidSessionDetails),
        room=required_name(room, "room", errors.InvalidSessionDetails),
        examiner=required_name(examiner, "examiner", errors.InvalidSessionDetails),
        date=date,
        start_time=start_time.replace(second=0, microsecond=0, tzinfo=None),
        observations=bounded_observations(observations),
    )


def bounded_observations(value: str | None) -> str:
    text = safe_text(value or "", "observations").strip()
    if len(text) > OBSERVATIONS_MAX_LENGTH:
        raise errors.InvalidSessionDetails(
            f"Observations are limited to {OBSERVATIONS_MAX_LENGTH} characters.",
            field="observations",
        )
    return text


def local_date(moment: datetime, zone: str) -> date:
    """The calendar day at a centre, which is what "in the past" means there."""
    return moment.astimezone(ZoneInfo(zone)).date()


def is_known_timezone(zone: str) -> bool:
    return zone in known_timezones()


@cache
def known_timezones() -> frozenset[str]:
    """The system's time zones, read once: listing them walks the zone files."""
    return frozenset(available_timezones())
