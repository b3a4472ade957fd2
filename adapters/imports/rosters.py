"""A school's pupil roster, in whichever form the school brings it: SIECLE's XML
export (zipped or not), its CSV variant, or a CSV, ODS or XLSX sheet with the
same columns.

The form is told from the bytes; the file's name only tips an unparseable
".xml" towards the XML reader, so that its fault is worded as an XML fault.
Headers match whatever their case, accents, asterisks, spacing or apostrophes;
columns this service does not use are ignored, but a missing required one
refuses the file, naming it. Every row gives a pupil or the problems that
stopped it; pupils who have left or have no class are returned all the same,
for the application to skip and count. A problem on the line of a pupil that
was returned is a doubt, not a refusal: an INE of no known form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from adapters.imports.pupil_values import checked_ids, folded, pupil_from, text
from adapters.imports.siecle import looks_like_xml, read_siecle_xml, read_siecle_zip
from adapters.imports.tables import (
    ZIP_MAGIC,
    Cell,
    Table,
    UnreadableFile,
    read_table,
    spreadsheet_format,
)
from application.enrolment_files import RosterFile

COLUMNS = {  # RosterPupil's field → the reference platform's header for it
    "national_id": "Identifiant unique*",
    "first_name": "Premier prénom*",
    "last_name": "Nom de famille*",
    "usage_name": "Nom d'usage",
    "sex": "Code sexe*",
    "birthdate": "Date de naissance (jj/mm/aaaa)*",
    "birth_insee_code": "Code commune naissance**",
    "birth_city": "Libellé commune naissance**",
    "birth_country_code": "Code pays naissance*",
    "division": "Division*",
}
REQUIRED_COLUMNS = ("national_id", "first_name", "last_name", "birthdate", "division")
# The rest of the SIECLE CSV export's columns: unused here, they tell that export apart.
OTHER_SIECLE_COLUMNS = (
    "Deuxième prénom",
    "Troisième prénom",
    "Code département naissance*",
    "Statut*",
    "Code MEF*",
)
FIELD_OF = {folded(header): field for field, header in COLUMNS.items()}
HEADER_SEARCH_ROWS = 10  # a title or a blank line may come before the header


def read_roster(content: bytes, filename: str) -> RosterFile:
    """The roster the file holds; UnreadableFile when it is none."""
    if not content.removeprefix(b"\xef\xbb\xbf").strip():
        raise empty_file()
    spreadsheet = spreadsheet_format(content)
    if content.startswith(ZIP_MAGIC) and spreadsheet is None:
        return read_siecle_zip(content)
    if spreadsheet is None and (looks_like_xml(content) or filename.lower().endswith(".xml")):
        return read_siecle_xml(content)
    return roster_of_table(read_table(content))


def roster_of_table(table: Table) -> RosterFile:
    rows = table.rows
    if all(is_blank(row) for row in rows):
        raise empty_file()
    at, columns = header_of(rows)
    readings = [
        pupil_from(index + 1, cells_of(row, columns), f"line {index + 1}")
        for index, row in enumerate(rows)
        if index > at and not is_blank(row)
    ]
    if not readings:
        raise UnreadableFile(
            "The file holds a header but no pupil.",
            "Ce fichier ne contient aucun élève : seulement la ligne des en-têtes.",
        )
    pupils, problems = checked_ids(readings)
    return RosterFile(format_of(table, rows[at]), None, tuple(pupils), tuple(problems))


def header_of(rows: Sequence[Sequence[Cell]]) -> tuple[int, dict[str, int]]:
    """The header's row index and each known field's column: the row among the
    first ones that names the most known columns."""
    found = max(
        ((index, columns_of(row)) for index, row in enumerate(rows[:HEADER_SEARCH_ROWS])),
        key=lambda candidate: len(candidate[1]),
    )
    missing = [COLUMNS[field] for field in REQUIRED_COLUMNS if field not in found[1]]
    if missing:
        raise missing_columns(missing)
    return found


def columns_of(row: Sequence[Cell]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for position, cell in enumerate(row):
        field = FIELD_OF.get(folded(text(cell) or ""))
        if field is not None:
            columns.setdefault(field, position)
    return columns


def cells_of(row: Sequence[Cell], columns: Mapping[str, int]) -> dict[str, Cell]:
    return {field: row[at] if at < len(row) else None for field, at in columns.items()}


def format_of(table: Table, header: Sequence[Cell]) -> str:
    """ "siecle-csv" for a CSV with every column of SIECLE's export, else the table's."""
    names = {folded(text(cell) or "") for cell in header}
    every = {folded(column) for column in (*COLUMNS.values(), *OTHER_SIECLE_COLUMNS)}
    return "siecle-csv" if table.format == "csv" and every <= names else table.format


def is_blank(row: Sequence[Cell]) -> bool:
    return all(text(cell) is None for cell in row)


def empty_file() -> UnreadableFile:
    return UnreadableFile("The file is empty.", "Ce fichier est vide.")


def missing_columns(headers: Sequence[str]) -> UnreadableFile:
    quoted = ", ".join(f"« {header} »" for header in headers)
    what = "la colonne" if len(headers) == 1 else "les colonnes"
    return UnreadableFile(
        f"The file is not a pupil roster: the columns {', '.join(headers)} are missing.",
        f"Ce fichier n'est pas une liste d'élèves : il y manque {what} {quoted}.",
    )
