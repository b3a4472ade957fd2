"""Competence profiles in bulk, from the CSV a profile-collection campaign exports.

Columns (the template has them in this order; ``;`` or ``,`` separates them):
``last_name``, ``first_name``, ``birthdate`` (YYYY-MM-DD or DD/MM/YYYY),
``campaign``, ``captured_at`` (ISO date-time, or a date; without a time zone,
French time), then one column per competence, ``1.1`` to ``5.2``, with its pix
(a whole number from 0 to 64; empty means 0).
"""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from application.eligibility import ProfileInput
from domain.competences import COMPETENCES

IDENTITY_COLUMNS = ["last_name", "first_name", "birthdate", "campaign", "captured_at"]
COLUMNS = IDENTITY_COLUMNS + list(COMPETENCES)
FRENCH_TIME = ZoneInfo("Europe/Paris")
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowFault:
    line: int
    field: str | None
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.line, "field": self.field, "message": self.message}


def template() -> str:
    example = ["Lefèvre", "Anaïs", "2011-05-01", "Collecte 3e 2027", "2026-10-01T10:00:00+02:00"]
    pix = ["12", "9", "0", "17", "8", "0", "0", "8", "0", "0", "0", "10", "0", "0", "0", "0"]
    return ";".join(COLUMNS) + "\n" + ";".join(example + pix) + "\n"


def parse(text: str) -> tuple[list[tuple[int, ProfileInput]], list[RowFault]]:
    """Every row, checked on its own: the parsed ones with their line numbers,
    and a fault for each cell that cannot be read."""
    delimiter = (
        ";" if text.partition("\n")[0].count(";") >= text.partition("\n")[0].count(",") else ","
    )
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as fault:
        return [], [RowFault(1, None, f"The header cannot be read: {fault}.")]
    missing = [c for c in COLUMNS if c not in fieldnames]
    if missing:
        return [], [RowFault(1, missing[0], f"The header lacks the column '{missing[0]}'.")]
    parsed: list[tuple[int, ProfileInput]] = []
    faults: list[RowFault] = []
    rows = iter(reader)
    for line in itertools.count(start=2):
        if line - 1 > MAX_ROWS:
            return parsed, [*faults, RowFault(line, None, f"At most {MAX_ROWS} rows per file.")]
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as fault:
            # a field over the size limit, a bare carriage return: the rest is unreadable
            return parsed, [*faults, RowFault(line, None, f"The row cannot be read: {fault}.")]
        try:
            parsed.append((line, profile_row(row)))
        except CellError as fault:
            faults.append(RowFault(line, fault.field, str(fault)))
    return parsed, faults


class CellError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def profile_row(row: dict[str, str | None]) -> ProfileInput:
    cell = {k: (v or "").strip() for k, v in row.items() if k is not None}
    return ProfileInput(
        last_name=cell["last_name"],
        first_name=cell["first_name"],
        birthdate=parse_day(cell["birthdate"], "birthdate"),
        campaign=cell["campaign"],
        captured_at=parse_moment(cell["captured_at"]),
        pix={code: parse_pix(cell[code], code) for code in COMPETENCES},
    )


def parse_day(text: str, field: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(field, f"'{text}' is not a date (YYYY-MM-DD or DD/MM/YYYY).")


def parse_moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = datetime.combine(parse_day(text, "captured_at"), time(0))
    return moment if moment.tzinfo else moment.replace(tzinfo=FRENCH_TIME)


def parse_pix(text: str, field: str) -> int:
    if not text:
        return 0
    if not text.isdigit():
        raise CellError(field, f"'{text}' is not a whole number of pix.")
    return int(text)
