"""The values of one pupil, from whichever roster file they come: the one home of
how a name, a date, a sex code, a place of birth and an INE are read.

A pupil needs an INE, a family name, a first name and a birthdate; without one
of them the row gives problems instead of a pupil. The same INE twice in a file
keeps its first row (its pupil or its problems) and refuses the later ones. An
INE of none of the known forms (10 digits and a letter, 9 digits and 2 letters,
or the apprentices' 4 digits, "A", 5 digits and a letter) is only doubtful: the
reference platform checks presence and uniqueness alone, so the pupil is kept
and a problem on the same line says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from adapters.imports.tables import Cell, cell_text
from application.enrolment_files import RosterPupil, RowProblem
from domain.values import Sex

REQUIRED = ("national_id", "last_name", "first_name", "birthdate")
INE_FORMS = re.compile(r"[0-9]{10}[A-Z]|[0-9]{9}[A-Z]{2}|[0-9]{4}A[0-9]{5}[A-Z]")
TEXT_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
SEX_CODES = {"1": Sex.M, "m": Sex.M, "masculin": Sex.M, "2": Sex.F, "f": Sex.F, "feminin": Sex.F}
NOT_A_CLASS = "inactifs"  # the structure SIECLE files pupils under once they have left
COMMUNE_CODE_LENGTH = 5
ABROAD_PREFIX = "99"  # "99100": the five-digit form of the country codes in CSV exports


@dataclass(frozen=True)
class Reading:
    """What one row gave: a pupil, its problems, or both (a doubtful INE); and
    the INE it held, so that a faulty row's INE is not taken twice either."""

    line: int
    where: str  # the row, for the problems' detail
    national_id: str | None
    pupil: RosterPupil | None
    problems: tuple[RowProblem, ...] = ()


def pupil_from(line: int, cells: Mapping[str, Cell], where: str) -> Reading:
    """The pupil of one row, whose cells are named as RosterPupil's fields;
    ``where`` names the row in the problems' English detail."""
    problems = [
        RowProblem(line, field, "required", f"{where}: the {field} is missing")
        for field in REQUIRED
        if text(cells.get(field)) is None
    ]
    birthdate = date_of(cells.get("birthdate"))
    left_on = date_of(cells.get("left_on"))
    sex = sex_of(cells.get("sex"))
    problems += [
        RowProblem(line, field, rule, f"{where}: {what}", text(cells.get(field)))
        for field, rule, what, failed in (
            ("birthdate", "date-format", "the birthdate is not jj/mm/aaaa", birthdate is False),
            ("left_on", "date-format", "the leaving date is not jj/mm/aaaa", left_on is False),
            ("sex", "sex-code", "the sex code is not 1, 2, M or F", sex is False),
        )
        if failed and text(cells.get(field)) is not None
    ]
    national_id = (text(cells.get("national_id")) or "").upper() or None
    if problems or not isinstance(birthdate, date):
        return Reading(line, where, national_id, None, tuple(problems))
    left = left_on if isinstance(left_on, date) else None
    pupil = pupil_of(line, cells, birthdate, left, sex if isinstance(sex, Sex) else None)
    return Reading(line, where, national_id, pupil)


def pupil_of(
    line: int, cells: Mapping[str, Cell], birthdate: date, left_on: date | None, sex: Sex | None
) -> RosterPupil:
    return RosterPupil(
        line=line,
        national_id=(text(cells["national_id"]) or "").upper(),
        last_name=name(cells["last_name"]) or "",
        first_name=name(cells["first_name"]) or "",
        birthdate=birthdate,
        usage_name=name(cells.get("usage_name")),
        sex=sex,
        division=division_of(cells.get("division")),
        birth_insee_code=commune_code(cells.get("birth_insee_code")),
        birth_country_code=country_code(cells.get("birth_country_code")),
        birth_city=name(cells.get("birth_city")),
        left_on=left_on,
    )


def checked_ids(readings: Iterable[Reading]) -> tuple[list[RosterPupil], list[RowProblem]]:
    """The pupils and problems of the readings, with an INE's first row kept,
    its later ones refused, and the INEs of no known form pointed out."""
    firsts: dict[str, Reading] = {}
    pupils: list[RosterPupil] = []
    problems: list[RowProblem] = []
    for reading in readings:
        problems += reading.problems
        national_id = reading.national_id
        first = firsts.setdefault(national_id, reading) if national_id else reading
        if first is not reading:
            what = f"the national id is already that of {first.where}"
            problems.append(id_problem(reading, "duplicate-national-id", what))
        elif reading.pupil is not None:
            pupils.append(reading.pupil)
            if not INE_FORMS.fullmatch(reading.pupil.national_id):
                what = "the national id is of no known INE form"
                problems.append(id_problem(reading, "national-id-format", what))
    return pupils, sorted(problems, key=lambda problem: problem.line)


def id_problem(reading: Reading, rule: str, what: str) -> RowProblem:
    detail = f"{reading.where}: {what}"
    return RowProblem(reading.line, "national_id", rule, detail, reading.national_id)


text = cell_text  # one reading of a cell as text for rosters and lists


def name(cell: Cell) -> str | None:
    value = text(cell)
    return " ".join(value.split()) if value else None


def date_of(cell: Cell) -> date | bool | None:
    """A date cell or a jj/mm/aaaa text as a date; None when blank; False when neither."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    value = text(cell)
    if value is None:
        return None
    found = TEXT_DATE.fullmatch(value)
    if found is None:
        return False
    day, month, year = (int(part) for part in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return False


def sex_of(cell: Cell) -> Sex | bool | None:
    """SIECLE's 1 and 2, or M, F, Masculin, Féminin; None when blank; False when none."""
    value = text(cell)
    if value is None:
        return None
    return SEX_CODES.get(folded(value), False)


def division_of(cell: Cell) -> str | None:
    value = name(cell)
    return None if value is None or value.casefold() == NOT_A_CLASS else value


def commune_code(cell: Cell) -> str | None:
    """An INSEE commune code, with the leading zero a spreadsheet drops put back."""
    value = text(cell)
    if value is not None and value.isdigit() and len(value) == COMMUNE_CODE_LENGTH - 1:
        return "0" + value
    return value.upper() if value else None  # Corsica's 2A and 2B


def country_code(cell: Cell) -> str | None:
    """The three-digit INSEE country code, from "100" or its five-digit "99100"."""
    value = text(cell)
    if value is not None and value.isdigit() and len(value) == 5 and value[:2] == ABROAD_PREFIX:
        return value[2:]
    return value


def folded(value: str) -> str:
    """Case, accents, asterisks, curly apostrophes and spacing set aside."""
    stripped = "".join(
        char for char in unicodedata.normalize("NFD", value) if not unicodedata.combining(char)
    )
    straight = stripped.replace("’", "'").replace("‘", "'").replace("ʼ", "'").replace("*", "")
    return " ".join(straight.casefold().split())
