"""A file of rows, whatever it is: CSV in the encodings schools' software writes,
or a spreadsheet (ODS, XLSX, XLS) read by python-calamine.

Cells come back as calamine gives them (str, float, int, bool, date,
datetime) for spreadsheets, and as text for CSV; the readers of rosters and
candidate lists turn them into values.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

Cell = str | float | int | bool | date | datetime | None
# Tried in this order: a BOM says UTF-8 for certain; Windows-1252 and the old
# Mac encoding are what French spreadsheets and SIECLE's CSV export write.
CSV_ENCODINGS = ("utf-8-sig", "cp1252", "mac_roman")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary XLS
PDF_MAGIC = b"%PDF-"
FRENCH_LETTERS = frozenset("àâçéèêëîïôöùûüÿœæ" + "àâçéèêëîïôöùûüÿœæ".upper() + "Ÿ")
FRENCH_SIGNS = frozenset("’‘«»“”–—…€°·\u00a0")


class UnreadableFile(Exception):
    """A file that is not what it claims, or not one this service reads."""

    def __init__(self, detail: str, french: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.french = french


@dataclass(frozen=True)
class Table:
    """The rows of the file's first sheet, header first."""

    format: str  # "csv", "ods", "xlsx" or "xls"
    rows: list[list[Cell]]


def spreadsheet_format(content: bytes) -> str | None:
    """ "ods", "xlsx" or "xls" when the bytes are one of those, else None."""
    if content.startswith(OLE_MAGIC):
        return "xls"
    if not content.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                kind = archive.read("mimetype").decode("ascii", "replace").strip()
                return "ods" if kind == "application/vnd.oasis.opendocument.spreadsheet" else None
            return "xlsx" if "xl/workbook.xml" in names else None
    except zipfile.BadZipFile:
        return None


def read_table(content: bytes) -> Table:
    """The first sheet of a spreadsheet, or the rows of a CSV file."""
    kind = spreadsheet_format(content)
    if kind is not None:
        return Table(kind, sheet_rows(content))
    if content.startswith(PDF_MAGIC):
        raise UnreadableFile(
            "The file is a PDF document, not a table.",
            "Ce fichier est un document PDF : déposez le tableur lui-même (ODS, XLSX ou CSV).",
        )
    if content.startswith(ZIP_MAGIC) or b"\0" in content[:4096]:
        raise UnreadableFile(
            "The file is neither a spreadsheet (ODS, XLSX) nor a text file (CSV).",
            "Ce fichier n'est ni un tableur (ODS, XLSX) ni un fichier texte (CSV).",
        )
    return Table("csv", csv_rows(decoded(content)))


def sheet_rows(content: bytes) -> list[list[Cell]]:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        if not workbook.sheet_names:
            return []
        rows: list[list[Any]] = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as failure:
        raise UnreadableFile(
            f"The spreadsheet cannot be read: {failure}.",
            "Ce tableur est illisible : enregistrez-le à nouveau (ODS ou XLSX) et recommencez.",
        ) from None
    return [[cell if cell != "" else None for cell in row] for row in rows]


def decoded(content: bytes) -> str:
    """UTF-8 when the bytes are UTF-8; else the reading of Windows-1252 or Mac
    Roman that looks more like French text (Windows-1252 on a tie)."""
    try:
        return content.decode(CSV_ENCODINGS[0])
    except UnicodeDecodeError:
        pass
    readings = []
    for encoding in CSV_ENCODINGS[1:]:
        try:
            readings.append(content.decode(encoding))
        except UnicodeDecodeError:
            continue  # Windows-1252 leaves five bytes undefined; Mac Roman none
    return max(readings, key=plausibility)


def plausibility(text: str) -> int:
    """How French the text's non-ASCII characters look: +1 for an accented
    letter of French in a case that fits its word, -1 for any other letter or
    sign. The two encodings swap accented letters for symbols or for letters
    of the other case, so the wrong reading loses points on every one."""
    score = 0
    for index, char in enumerate(text):
        if char.isascii():
            continue
        if char in FRENCH_SIGNS:
            continue
        if char not in FRENCH_LETTERS:
            score -= 1
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        inside_lower = char.isupper() and before.islower()
        inside_upper = char.islower() and before.isupper() and after.isupper()
        score += -1 if inside_lower or inside_upper else 1
    return score


def csv_rows(text: str) -> list[list[Cell]]:
    """The rows, with the separator (``;``, ``,`` or a tab) the header line uses."""
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [[cell if cell.strip() else None for cell in row] for row in reader]
    except csv.Error as failure:
        raise UnreadableFile(
            f"The CSV file cannot be read: {failure}.",
            "Ce fichier CSV est illisible (guillemets mal fermés ?).",
        ) from None


def cell_text(cell: Cell) -> str | None:
    """A cell as text in NFC, trimmed and its inner spaces folded; None when blank.
    A whole number loses its ".0", a date cell reads jj/mm/aaaa."""
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime | date):
        cell = cell.strftime("%d/%m/%Y")
    composed = unicodedata.normalize("NFC", str(cell)).replace("\ufeff", "")
    return " ".join(composed.split()) or None
