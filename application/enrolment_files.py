"""What the application receives from an enrolment file, once an adapter has read it.

Reading a file (its format, encoding, columns, dates) is the adapters' work;
the rules of the domain (names, birth place, duplicates, the session's state)
are checked by the application on what is here. A problem names the line as
the spreadsheet numbers it (the header is line 1), the field it concerns and
the rule it breaks, so that every adapter words it in its own language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from application.commands import CandidateInput
from domain.values import Sex

FRANCE_COUNTRY_CODE = "100"  # the INSEE code of France among the countries of birth


@dataclass(frozen=True)
class RowProblem:
    """One fault of one row (or of the whole file, at line 0)."""

    line: int
    field: str | None
    rule: str
    detail: str  # in English, for logs and the API's ``detail``
    value: str | None = None  # what the file held, when it helps to show it


@dataclass(frozen=True)
class RosterPupil:
    """One pupil of a school's roster, as its pupil-records system exports it."""

    line: int
    national_id: str  # the INE
    last_name: str  # family name
    first_name: str
    birthdate: date
    usage_name: str | None = None
    sex: Sex | None = None
    division: str | None = None  # the class, e.g. "3A"
    birth_insee_code: str | None = None  # the commune, for a birth in France
    birth_country_code: str | None = None  # INSEE country code ("100" is France)
    birth_city: str | None = None  # for a birth abroad
    left_on: date | None = None


@dataclass(frozen=True)
class RosterFile:
    """A roster as read: its school's code when the file says it, its pupils, its faults."""

    format: str  # "siecle-xml", "siecle-csv", "csv", "ods" or "xlsx"
    school_code: str | None
    pupils: tuple[RosterPupil, ...]
    problems: tuple[RowProblem, ...] = ()


@dataclass(frozen=True)
class TemplateRow:
    """One row of a session's candidate list, as typed in the template."""

    line: int
    candidate: CandidateInput
    extra_time: Decimal = Decimal(0)


@dataclass(frozen=True)
class TemplateFile:
    """A candidate list as read: its rows, and the faults of reading them."""

    format: str  # "csv", "ods" or "xlsx"
    rows: tuple[TemplateRow, ...]
    problems: tuple[RowProblem, ...] = ()
