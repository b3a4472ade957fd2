"""One cell of a candidate list turned into a value, as people and spreadsheets type it.

A date may be text (31/01/2008, 1/2/2008, 2008-01-31), a date cell, or the
serial number a spreadsheet shows for a date cell formatted as a number.
Extra time may be "33 %", "0,33", or a number: below 1 a ratio, from 1 on a
percentage (the reference's template asks for 1 to 99 %). Text is trimmed,
its spaces collapsed and its accents composed; names keep their case. The
rules of the domain (names, birth place, emails) are not checked here: the
application checks them on what this returns.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from adapters.imports.tables import Cell, cell_text
from domain import errors, values
from domain.name_order import alphabetical
from domain.values import BillingMode, Sex

# Day 0 of spreadsheets' serial dates (Excel's, and LibreOffice's by default).
SERIAL_EPOCH = date(1899, 12, 30)
LAST_SERIAL = (date(9999, 12, 31) - SERIAL_EPOCH).days
FRENCH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?")
SERIAL_TEXT = re.compile(r"\d{1,5}")
SEXES = {
    **dict.fromkeys(("m", "h", "homme", "masculin"), Sex.M),
    **dict.fromkeys(("f", "femme", "feminin"), Sex.F),
}
BILLING_MODES = {
    **dict.fromkeys(("gratuite", "gratuit", "free"), BillingMode.FREE),
    **dict.fromkeys(("payante", "payant", "paid"), BillingMode.PAID),
    **dict.fromkeys(("prepayee", "prepaye", "prepaid"), BillingMode.PREPAID),
}


class BadCell(Exception):
    """A cell that holds something, but not a value of its column."""

    def __init__(self, rule: str, detail: str) -> None:
        super().__init__(detail)
        self.rule = rule
        self.detail = detail


text = cell_text  # one reading of a cell as text for rosters and lists


def code(cell: Cell) -> str | None:
    """A postal or INSEE code: a number cell has lost its leading zero (01000)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return f"{int(cell):05d}"
    return text(cell)


def email(cell: Cell) -> str | None:
    typed = text(cell)
    return typed.lower() if typed else None


def birthdate(cell: Cell) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return serial_date(cell)
    typed = text(cell)
    if typed is None:
        return None
    if SERIAL_TEXT.fullmatch(typed):
        return serial_date(int(typed))
    return typed_date(typed)


def typed_date(typed: str) -> date:
    french, iso = FRENCH_DATE.fullmatch(typed), ISO_DATE.fullmatch(typed)
    try:
        if french:
            day, month, year = (int(part) for part in french.groups())
            return date(year, month, day)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return date(year, month, day)
    except ValueError:
        raise BadCell("date-format", f"'{typed}' is not a day of the calendar.") from None
    raise BadCell("date-format", f"'{typed}' is not a date written jj/mm/aaaa.")


def serial_date(serial: float) -> date:
    if not float(serial).is_integer() or not 0 < serial <= LAST_SERIAL:
        raise BadCell("date-format", f"{serial} is not a spreadsheet's day number.")
    return SERIAL_EPOCH + timedelta(days=int(serial))


def extra_time(cell: Cell) -> Decimal:
    """The ratio (33 % → 0.33); an empty cell is no extra time."""
    if isinstance(cell, bool | date):
        raise BadCell("extra-time-format", f"'{text(cell)}' is not a percentage (33 %).")
    try:
        if isinstance(cell, int | float):
            return values.extra_time(as_ratio(Decimal(str(cell))))
        typed = text(cell)
        if typed is None:
            return Decimal(0)
        if typed.endswith("%"):
            return values.extra_time(typed)
        return values.extra_time(as_ratio(Decimal(typed.replace(",", ".").replace(" ", ""))))
    except (InvalidOperation, errors.InvalidExtraTime):
        raise BadCell(
            "extra-time-format", f"'{text(cell)}' is not a percentage (33 %) or a ratio (0.33)."
        ) from None


def as_ratio(number: Decimal) -> Decimal:
    """From 1 on, a number is a percentage: nobody means 3300 % by 33."""
    return number / 100 if number >= 1 else number


def sex(cell: Cell) -> Sex | None:
    typed = text(cell)
    if typed is None:
        return None
    try:
        return SEXES[alphabetical(typed)]
    except KeyError:
        raise BadCell("sex-code", f"'{typed}' is not M or F.") from None


def billing_mode(cell: Cell) -> BillingMode | None:
    typed = text(cell)
    if typed is None:
        return None
    try:
        return BILLING_MODES[alphabetical(typed)]
    except KeyError:
        raise BadCell("billing-mode", f"'{typed}' is not Gratuite, Payante or Prépayée.") from None
