"""A session's candidate list as a template to fill in: CSV and ODS.

The session's candidates are already in it, in the one order of names, so
that an administrator completes the list rather than typing it again; read
back, the file gives the same candidates. Every cell is text (a date as
jj/mm/aaaa, an identifier with its leading zeros), the row number excepted.
Erased candidates are left out: their personal data no longer exists.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table, TableColumn

from adapters.documents import texts
from adapters.documents.spreadsheets import row_element
from adapters.imports.template_columns import (
    BILLING_LABELS,
    EXTRA_TIME,
    NUMBER,
    PREPAYMENT_CODE,
    Column,
    columns_for,
    defused,
)
from application.views import CandidateView
from domain.name_order import name_order
from domain.values import CentreType

SHEET_NAME = "Liste des candidats"


def template_csv(candidates: Sequence[CandidateView], centre_type: CentreType) -> bytes:
    """Semicolons and a byte-order mark, as spreadsheets set up for French open them."""
    columns = columns_for(centre_type)
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.header for column in columns])
    writer.writerows([[defused(value) for value in row] for row in rows_of(candidates, columns)])
    return ("\ufeff" + output.getvalue()).encode()


def template_ods(candidates: Sequence[CandidateView], centre_type: CentreType) -> bytes:
    """One sheet: a bold header, then a row for each candidate."""
    columns = columns_for(centre_type)
    document = OpenDocumentSpreadsheet()
    bold = Style(name="header", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    table = Table(name=SHEET_NAME)
    for index, column in enumerate(columns):
        width = Style(name=f"column{index}", family="table-column")
        width.addElement(TableColumnProperties(columnwidth=f"{column.width_cm}cm"))
        document.automaticstyles.addElement(width)
        table.addElement(TableColumn(stylename=width))
    headers = [column.header for column in columns]
    table.addElement(row_element(headers, numbered=False, stylename=bold))
    for row in rows_of(candidates, columns):
        table.addElement(row_element(row, numbered=True))
    document.spreadsheet.addElement(table)
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()


def rows_of(candidates: Sequence[CandidateView], columns: Sequence[Column]) -> list[list[str]]:
    """The candidates still on file, sorted by name and numbered from 1."""
    kept = sorted(
        (candidate for candidate in candidates if not candidate.erased),
        key=lambda candidate: name_order(candidate.last_name, candidate.first_name),
    )
    rows = [texts_of(candidate, number) for number, candidate in enumerate(kept, start=1)]
    return [[row[column.field] or "" for column in columns] for row in rows]


def texts_of(candidate: CandidateView, number: int) -> dict[str, str | None]:
    """Each field as the template writes it; the domain keeps no prepayment code."""
    place = candidate.birth_place
    billing = candidate.billing_mode
    return {
        NUMBER: str(number),
        "last_name": candidate.last_name,
        "first_name": candidate.first_name,
        "birthdate": candidate.birthdate.strftime("%d/%m/%Y") if candidate.birthdate else None,
        "sex": candidate.sex.value if candidate.sex else None,
        "birth_insee_code": place.insee_code if place else None,
        "birth_postal_code": place.postal_code if place else None,
        "birth_city": place.city if place else None,
        "birth_country": place.country if place else None,
        "results_email": candidate.results_email,
        "convocation_email": candidate.convocation_email,
        "external_id": candidate.external_id,
        EXTRA_TIME: texts.percent(str(candidate.extra_time)),
        "billing_mode": BILLING_LABELS[billing] if billing else None,
        PREPAYMENT_CODE: None,
    }
