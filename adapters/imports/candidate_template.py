"""A session's candidate list read back from the template, whatever became of it.

People fill the template in a spreadsheet, save it as CSV, ODS or XLSX, add a
title above it or a column beside it: the header row is looked for among the
first rows, and every column is found by its header, not its place. A column
this service does not read is named, never silently dropped. Every fault of a
row is reported, so that one correction is enough; a row with a fault gives no
candidate. The domain's own rules (names, birth place, emails, duplicates) are
left to the application, which checks them on the candidates read here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from adapters.imports import template_cells as cells
from adapters.imports.tables import Cell, UnreadableFile, read_table
from adapters.imports.template_columns import (
    COLUMN_BY_KEY,
    EXTRA_TIME,
    NUMBER,
    PREPAYMENT_CODE,
    Column,
    columns_for,
    header_key,
    undefused,
)
from application.commands import CandidateInput
from application.enrolment_files import RowProblem, TemplateFile, TemplateRow
from domain.values import BillingMode, CentreType

TITLE_ROWS = 15  # the reference's own template has ten rows above its header
READERS: dict[str, Callable[[Cell], Any]] = {
    "last_name": cells.text,
    "first_name": cells.text,
    "birthdate": cells.birthdate,
    "sex": cells.sex,
    "birth_insee_code": cells.code,
    "birth_postal_code": cells.code,
    "birth_city": cells.text,
    "birth_country": cells.text,
    "results_email": cells.email,
    "convocation_email": cells.email,
    "external_id": cells.text,
    EXTRA_TIME: cells.extra_time,
    "billing_mode": cells.billing_mode,
    PREPAYMENT_CODE: cells.text,
}
Layout = dict[str, int]  # field → index of its cell in a row


def read_template(content: bytes, filename: str, centre_type: CentreType) -> TemplateFile:
    """The rows of a filled template, and every fault found in reading them."""
    table = read_table(content)
    rows = unquoted(table.rows) if table.format == "csv" else table.rows
    header_index = header_row(rows, filename)
    layout, problems = column_layout(rows[header_index], header_index + 1, centre_type)
    refuse_missing(layout, filename)
    read: list[TemplateRow] = []
    for index in range(header_index + 1, len(rows)):
        row, faults = read_row(index + 1, rows[index], layout)
        read.extend([row] if row else [])
        problems.extend(faults)
    return TemplateFile(table.format, tuple(read), tuple(problems))


def header_row(rows: Sequence[Sequence[Cell]], filename: str) -> int:
    """The first row that names at least two known columns."""
    for index, row in enumerate(rows[: TITLE_ROWS + 1]):
        known = {COLUMN_BY_KEY[key].field for key in header_keys(row) if key in COLUMN_BY_KEY}
        if len(known) >= 2:
            return index
    raise missing(columns_for(CentreType.SCO), filename)


def header_keys(row: Sequence[Cell]) -> list[str]:
    return [header_key(str(cell)) if cell is not None else "" for cell in row]


def column_layout(
    header: Sequence[Cell], line: int, centre_type: CentreType
) -> tuple[Layout, list[RowProblem]]:
    """Where each read column is; a column not read here is named at the header's line."""
    layout: Layout = {}
    problems: list[RowProblem] = []
    for index, key in enumerate(header_keys(header)):
        if not key:
            continue
        column = COLUMN_BY_KEY.get(key)
        if column is None or centre_type not in column.centres or column.field in layout:
            problems.append(unknown_column(line, header[index], column, centre_type))
        elif column.field != NUMBER:
            layout[column.field] = index
    return layout, problems


def unknown_column(
    line: int, header: Cell, column: Column | None, centre_type: CentreType
) -> RowProblem:
    if column is None:
        detail = "This column is not one of the template's: it is not read."
    elif centre_type not in column.centres:
        detail = "Schools do not bill their pupils: this column is not read for a school."
    else:
        detail = "This column repeats an earlier one: only the first is read."
    return RowProblem(line, None, "unknown-column", detail, cells.text(header))


def refuse_missing(layout: Layout, filename: str) -> None:
    absent = [column for column in columns_for(CentreType.SCO) if column.field not in layout]
    if any(column.required for column in absent):
        raise missing(absent, filename)


def missing(columns: Sequence[Column], filename: str) -> UnreadableFile:
    required = [column.label for column in columns if column.required]
    names = ", ".join(f"« {label} »" for label in required)
    return UnreadableFile(
        f"{filename}: the required columns {', '.join(required)} are missing.",
        f"Il manque au fichier « {filename} » les colonnes obligatoires {names}. "
        "Partez du modèle de liste des candidats de la session.",
    )


def read_row(
    line: int, row: Sequence[Cell], layout: Layout
) -> tuple[TemplateRow | None, list[RowProblem]]:
    """A candidate, or every fault of the row; an empty row gives neither."""
    typed = {field: row[index] if index < len(row) else None for field, index in layout.items()}
    if all(cells.text(cell) is None for cell in typed.values()):
        return None, []
    fields: dict[str, Any] = {}
    problems: list[RowProblem] = []
    for field, cell in typed.items():
        try:
            fields[field] = READERS[field](cell)
        except cells.BadCell as bad:
            problems.append(RowProblem(line, field, bad.rule, bad.detail, cells.text(cell)))
    problems.extend(required_problems(line, fields))
    if not any(problem.field == "billing_mode" for problem in problems):
        problems.extend(prepayment_problems(line, fields))
    if problems:
        return None, problems
    extra_time = fields.pop(EXTRA_TIME, Decimal(0))
    fields.pop(PREPAYMENT_CODE, None)  # the domain keeps no prepayment code yet
    return TemplateRow(line, CandidateInput(**fields), extra_time), []


def required_problems(line: int, fields: dict[str, Any]) -> list[RowProblem]:
    return [
        RowProblem(line, field, "required", f"The column {field} is empty on a filled row.")
        for field in ("last_name", "first_name", "birthdate")
        if field in fields and fields[field] is None
    ]


def prepayment_problems(line: int, fields: dict[str, Any]) -> list[RowProblem]:
    """A prepayment code says the candidate is prepaid: any other mode contradicts it."""
    code = fields.get(PREPAYMENT_CODE)
    if code is None or fields.get("billing_mode") is BillingMode.PREPAID:
        return []
    return [
        RowProblem(
            line,
            PREPAYMENT_CODE,
            "prepayment-code-without-prepaid",
            "A prepayment code is given, but the billing mode is not Prépayée.",
            code,
        )
    ]


def unquoted(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The quote the CSV template puts before a cell that starts like a formula, taken off."""
    return [[undefused(cell) if isinstance(cell, str) else cell for cell in row] for row in rows]
