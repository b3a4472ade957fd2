"""A session's papers for the signed-in page: the same documents, through the
same use cases as the API's routes (adapters/http/routes/documents.py), so
each download is recorded and counts in the readiness checklist."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from adapters.documents import convocations_pdf, kit_pdf
from adapters.http.deps import App, SessionId, Views, found
from adapters.http.routes.documents import (
    PDF,
    SHEET,
    SHEETS,
    SheetFormat,
    download,
    file_name,
    letters_of,
    sheet_of,
)
from adapters.web.cookies import PageActor
from adapters.web.forms import caught_up
from domain import errors
from projections import queries
from projections.engine import ViewStore

router = APIRouter(include_in_schema=False)
Paper = Callable[[App, UUID, ViewStore, UUID], Response]


def sheet(file_format: SheetFormat) -> Paper:
    def give(app: App, actor: UUID, views: ViewStore, session_id: UUID) -> Response:
        chosen = sheet_of(app, actor, views, session_id)
        render, media_type = SHEETS[file_format]
        receipt = app.record_sheet_download(actor, session_id, file_format.value)
        name = file_name(SHEET, chosen, file_format.value)
        return download(render(chosen), media_type, name, receipt.position)

    return give


def kit(app: App, actor: UUID, views: ViewStore, session_id: UUID) -> Response:
    chosen = sheet_of(app, actor, views, session_id)
    content = kit_pdf.render_kit(chosen)
    receipt = app.record_sheet_download(actor, session_id, "kit")
    return download(content, PDF, file_name("kit-surveillant", chosen, "pdf"), receipt.position)


def letters(app: App, actor: UUID, views: ViewStore, session_id: UUID) -> Response:
    chosen = letters_of(app, sheet_of(app, actor, views, session_id))
    content = convocations_pdf.render_convocations(chosen)
    sent = [UUID(row["candidate_id"]) for row in chosen["rows"]]
    receipt = app.record_convocations_sent(actor, session_id, sent)
    return download(content, PDF, file_name("convocations", chosen, "pdf"), receipt.position)


PAPERS: dict[str, Paper] = {
    "feuille-emargement.pdf": sheet(SheetFormat.PDF),
    "feuille-emargement.csv": sheet(SheetFormat.CSV),
    "feuille-emargement.ods": sheet(SheetFormat.ODS),
    "kit-surveillant.pdf": kit,
    "convocations.pdf": letters,
}


@router.get("/sessions/{session_id}/documents/{name}")
def paper(
    request: Request, session_id: SessionId, name: str, app: App, actor: PageActor, views: Views
) -> Response:
    """One of the session's papers, as an attachment (the download is recorded)."""
    give = PAPERS.get(name)
    if give is None:
        raise errors.NotFound("No such paper.")
    caught_up(request, app, "sessions")  # the papers show every change made before
    return give(app, actor, views, session_id)


@router.get("/sessions/{session_id}/candidats/{candidate_id}/convocation.pdf")
def convocation(
    request: Request,
    session_id: SessionId,
    candidate_id: UUID,
    app: App,
    actor: PageActor,
    views: Views,
) -> Response:
    """One candidate's convocation letter; it counts as sent."""
    app.check_papers(actor, session_id)
    app.get_candidate(actor, session_id, candidate_id)
    caught_up(request, app, "sessions")
    chosen = letters_of(app, found(queries.attendance_sheet(views, str(session_id))))
    rows = chosen["rows"]
    row = found(next((r for r in rows if r["candidate_id"] == str(candidate_id)), None))
    content = convocations_pdf.render_convocation(chosen, row)
    receipt = app.record_convocation_sent(actor, session_id, candidate_id)
    stem = f"convocation-{row['last_name']}-{row['first_name']}"
    return download(content, PDF, file_name(stem, chosen, "pdf"), receipt.position)
