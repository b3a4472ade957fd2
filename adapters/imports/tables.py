"""A file of rows, whatever it is: CSV in the encodings schools' software writes,
or a spreadsheet (ODS, XLSX, XLS) read by python-calamine.

Cells come back as calamine gives them (str, float, int, bool, date,
datetime) for spreadsheets, and as text for CSV; the readers of rosters and
candidate lists turn them into values.
"""

from __future__ import annotations

import csv
import io
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
    for encoding in CSV_ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")  # mac_roman decodes every byte: never reached


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
