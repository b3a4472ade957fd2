"""The attendance sheet as rows for centres that edit it: CSV and ODS, holding
the same rows as the printed sheet, in the same order, never an email."""

from __future__ import annotations

import csv
import io
from typing import Any

from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

from adapters.documents import texts
from projections.engine import Doc

HEADER = (
    "N°",
    "Nom",
    "Prénom",
    "Date de naissance",
    "Classe",
    "Identifiant externe",
    "Temps majoré",
    "Signature",
)
WIDTHS_CM = (1.2, 5.0, 4.5, 3.4, 2.5, 3.8, 2.8, 5.0)
# A spreadsheet runs a cell that starts like a formula: neutralise it in CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def rows_of(sheet: Doc) -> list[list[str]]:
    """Each candidate once, numbered, sorted as on the printed sheet."""
    return [
        [
            str(number),
            row["last_name"],
            row["first_name"],
            row["birthdate"],
            row.get("division") or "",
            row.get("external_id") or "",
            texts.percent(row.get("extra_time")),
            "",
        ]
        for number, row in enumerate(sheet["rows"], start=1)
    ]


def render_csv(sheet: Doc) -> bytes:
    """Semicolons and a byte-order mark, as spreadsheets set up for French open them."""
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([[defused(value) for value in row] for row in rows_of(sheet)])
    return ("\ufeff" + output.getvalue()).encode()


def defused(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def render_ods(sheet: Doc) -> bytes:
    document = OpenDocumentSpreadsheet()
    bold = Style(name="header", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    table = Table(name=sheet_name(sheet))
    for index, width in enumerate(WIDTHS_CM):
        column = Style(name=f"column{index}", family="table-column")
        column.addElement(TableColumnProperties(columnwidth=f"{width}cm"))
        document.automaticstyles.addElement(column)
        table.addElement(TableColumn(stylename=column))
    table.addElement(row_element(list(HEADER), numbered=False, stylename=bold))
    for row in rows_of(sheet):
        table.addElement(row_element(row, numbered=True))
    document.spreadsheet.addElement(table)
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()


def row_element(values: list[str], numbered: bool, **style: Any) -> Any:
    """The row number is a number, so the rows can be put back in order; every
    other cell is text (an identifier keeps its leading zeros)."""
    element = TableRow()
    for index, value in enumerate(values):
        if numbered and index == 0:
            cell = TableCell(valuetype="float", value=value, **style)
        else:
            cell = TableCell(valuetype="string", **style)
        cell.addElement(P(text=value))
        element.addElement(cell)
    return element


def sheet_name(sheet: Doc) -> str:
    """Spreadsheets refuse some characters in a sheet's name."""
    session = sheet["session"]
    name = f"Émargement {session['date']} {session['room']}"
    return "".join(" " if c in "[]*?:/\\'" else c for c in name)[:31]
