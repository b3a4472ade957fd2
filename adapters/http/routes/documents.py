"""The papers of a session, ready to print: the attendance sheet (PDF, CSV,
ODS), the invigilator's kit and the convocations.

Each is built from the read models (``?after=<Certif-Position>`` waits for a
change just made). Downloading a sheet, and each convocation handed out, is
recorded on the session; the answer's ``Certif-Position`` is that record's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from enum import Enum
from typing import Any
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Response

from adapters import display
from adapters.documents import attendance_pdf, convocations_pdf, kit_pdf, spreadsheets
from adapters.http.deps import Actor, App, SessionId, Views, found
from projections import queries
from projections.engine import Doc, ViewStore

PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
SHEET = "feuille-émargement"


def produces(media_type: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {media_type: {}}, "description": "The file, as an attachment"}}


router = APIRouter(tags=["papers"])


class SheetFormat(Enum):
    PDF = "pdf"
    CSV = "csv"
    ODS = "ods"


SHEETS: dict[SheetFormat, tuple[Callable[[Doc], bytes], str]] = {
    SheetFormat.PDF: (attendance_pdf.render_sheet, PDF),
    SheetFormat.CSV: (spreadsheets.render_csv, CSV),
    SheetFormat.ODS: (spreadsheets.render_ods, ODS),
}
SHEET_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {PDF: {}, CSV: {}, ODS: {}},
        "description": "PDF to print (A4, 20 candidates a page), or CSV / ODS to edit",
    }
}


@router.get(
    "/sessions/{session_id}/attendance-sheet.{file_format}",
    response_class=Response,
    responses=SHEET_RESPONSES,
)
def attendance_sheet(
    session_id: SessionId, file_format: SheetFormat, app: App, actor: Actor, views: Views
) -> Response:
    """The attendance sheet as .pdf, .csv or .ods (the download is recorded)."""
    sheet = sheet_of(app, actor, views, session_id)
    render, media_type = SHEETS[file_format]
    receipt = app.record_sheet_download(actor, session_id, file_format.value)
    name = file_name(SHEET, sheet, file_format.value)
    return download(render(sheet), media_type, name, receipt.position)


@router.get(
    "/sessions/{session_id}/invigilator-kit.pdf", response_class=Response, responses=produces(PDF)
)
def invigilator_kit(session_id: SessionId, app: App, actor: Actor, views: Views) -> Response:
    """Sheet, incident and fraud reports, access code and pupils' instructions in one PDF."""
    sheet = sheet_of(app, actor, views, session_id)
    content = kit_pdf.render_kit(sheet)
    receipt = app.record_sheet_download(actor, session_id, "kit")
    return download(content, PDF, file_name("kit-surveillant", sheet, "pdf"), receipt.position)


@router.get(
    "/sessions/{session_id}/convocations.pdf", response_class=Response, responses=produces(PDF)
)
def convocations(session_id: SessionId, app: App, actor: Actor, views: Views) -> Response:
    """One convocation letter per candidate; each counts as sent."""
    sheet = letters_of(app, sheet_of(app, actor, views, session_id))
    content = convocations_pdf.render_convocations(sheet)
    sent = [UUID(row["candidate_id"]) for row in sheet["rows"]]
    receipt = app.record_convocations_sent(actor, session_id, sent)
    return download(content, PDF, file_name("convocations", sheet, "pdf"), receipt.position)


@router.get(
    "/sessions/{session_id}/candidates/{candidate_id}/convocation.pdf",
    response_class=Response,
    responses=produces(PDF),
)
def convocation(
    session_id: SessionId, candidate_id: UUID, app: App, actor: Actor, views: Views
) -> Response:
    """One candidate's convocation letter; it counts as sent."""
    app.check_papers(actor, session_id)
    app.get_candidate(actor, session_id, candidate_id)
    sheet = letters_of(app, found(queries.attendance_sheet(views, str(session_id))))
    row = found(next((r for r in sheet["rows"] if r["candidate_id"] == str(candidate_id)), None))
    content = convocations_pdf.render_convocation(sheet, row)
    receipt = app.record_convocation_sent(actor, session_id, candidate_id)
    name = file_name(f"convocation-{row['last_name']}-{row['first_name']}", sheet, "pdf")
    return download(content, PDF, name, receipt.position)


@router.get(
    "/centres/{centre_id}/attendance-sheets.pdf", response_class=Response, responses=produces(PDF)
)
def centre_attendance_sheets(centre_id: UUID, app: App, actor: Actor, views: Views) -> Response:
    """Every live session's attendance sheet, in date order, each numbered on its own."""
    name = app.centre_papers(actor, centre_id)
    sheets = queries.centre_attendance_sheets(views, str(centre_id))
    content = attendance_pdf.render_centre(sheets, name)
    included = [UUID(sheet["session"]["id"]) for sheet in sheets]
    position = app.record_centre_sheets_download(actor, centre_id, included)
    return download(content, PDF, f"feuilles-émargement-{slug(name)}.pdf", position)


def sheet_of(app: App, actor: UUID, views: ViewStore, session_id: UUID) -> Doc:
    """The session's sheet from the read models, once access to its papers is checked."""
    app.check_papers(actor, session_id)
    return found(queries.attendance_sheet(views, str(session_id)))


def letters_of(app: App, sheet: Doc) -> Doc:
    """The sheet with what a letter adds: the rule in force and today's date on
    the centre's clock."""
    rule = app.rule_in_force()
    zone = (sheet.get("centre") or {}).get("timezone") or display.DEFAULT_ZONE
    issued_on = display.local(app.now(), zone).date().isoformat()
    in_force = {"min_competences": rule.min_competences, "min_level": rule.min_level}
    return sheet | {"rule": in_force, "issued_on": issued_on}


def file_name(stem: str, sheet: Doc, extension: str) -> str:
    session = sheet["session"]
    return f"{slug(stem)}-{session['date']}-{slug(session['room'])}.{extension}"


def slug(text: str) -> str:
    """Lower case, words joined by hyphens; accents and other scripts are kept."""
    return "-".join(re.findall(r"\w+", text.casefold())) or "document"


def download(content: bytes, media_type: str, name: str, position: int) -> Response:
    """An attachment with an ASCII file name and its exact UTF-8 form (RFC 6266 / 5987)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^A-Za-z0-9._]+", "-", plain).strip("-") or "document"
    headers = {
        "Content-Disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}",
        "Certif-Position": str(position),
        "Cache-Control": "private, no-store",
    }
    return Response(content, media_type=media_type, headers=headers)
