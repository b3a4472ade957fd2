"""A session's candidate list as a file: the template to download; a filled one
checked by a dry run that shows every fault and every change; then applied as
the dry run showed it. A browser cannot send a file again by itself, so the
dry run's page carries the file back with the confirmation."""

from __future__ import annotations

import base64
import binascii
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from adapters.documents.candidate_template import template_csv, template_ods
from adapters.http.deps import App, SessionId
from adapters.http.routes.enrolment import ODS, attachment, name_of
from adapters.imports.reading import template_from
from adapters.imports.template_columns import COLUMNS
from adapters.imports.wording import french_problem, with_french
from adapters.web.cookies import Csrf, PageActor
from adapters.web.forms import FILE_FIELD, Upload
from adapters.web.messages import french
from adapters.web.routes.admin_common import Typed, plural, refuse_readers
from adapters.web.routes.enrolment_common import FileFaults, Lists, Sent, chosen, file_faults
from adapters.web.routes.session import session_context
from adapters.web.templating import render
from application.candidate_lists import CandidateListPlan, PlannedCandidate
from application.views import SessionView
from domain import errors

router = APIRouter(include_in_schema=False)
ACCEPTED = ".csv,.ods,.xlsx"
PAGE = "session/candidate_list.html"
CHUNK = 500_000  # characters of the file per hidden field: the form parser takes 1 MB a field
MARGIN = 16_000  # room for the confirmation's other fields
COLUMN_LABELS = {column.field: column.label for column in COLUMNS}
RETURNED = "Le fichier renvoyé avec la confirmation est illisible : vérifiez-le à nouveau."


def list_context(app: App, actor: UUID, session: SessionView) -> dict[str, Any]:
    context = session_context(app, actor, session, "Importer une liste")
    context["crumbs"] = [
        *context["crumbs"],
        ("Candidats", f"{context['path']}/candidats"),
        ("Importer une liste", None),
    ]
    context.update(accepted=ACCEPTED, plan=None, confirm=None)
    return context


@router.get("/sessions/{session_id}/candidats/fichier")
def list_page(request: Request, session_id: SessionId, app: App, actor: PageActor) -> Response:
    """The template's downloads and the form that checks a filled one."""
    session = app.get_session(actor, session_id)
    return render(request, PAGE, list_context(app, actor, session))


@router.get("/sessions/{session_id}/candidats/fichier.csv")
def list_csv(session_id: SessionId, app: App, actor: PageActor) -> Response:
    """Same as GET /api/v1/sessions/{id}/candidate-list.csv."""
    listed = app.candidate_list_of(actor, session_id)
    content = template_csv(listed.candidates, listed.centre_type)
    return attachment(content, "text/csv; charset=utf-8", name_of(listed.session_number, "csv"))


@router.get("/sessions/{session_id}/candidats/fichier.ods")
def list_ods(session_id: SessionId, app: App, actor: PageActor) -> Response:
    """Same as GET /api/v1/sessions/{id}/candidate-list.ods."""
    listed = app.candidate_list_of(actor, session_id)
    content = template_ods(listed.candidates, listed.centre_type)
    return attachment(content, ODS, name_of(listed.session_number, "ods"))


@router.post("/sessions/{session_id}/candidats/fichier", dependencies=[Csrf])
def dry_run(
    request: Request, session_id: SessionId, app: App, actor: PageActor, sent: Sent
) -> Response:
    """Same use case as POST /api/v1/sessions/{id}/candidate-list/dry-run: nothing
    is recorded; the page shows what the file would do."""
    session = app.get_session(actor, session_id)
    refuse_readers(app, actor, session.centre_id)
    try:
        given = chosen(sent)
    except FileFaults as no:
        return refused_page(request, app, actor, session, no)
    return dry_run_page(request, app, actor, session, given)


@router.post("/sessions/{session_id}/candidats/fichier/confirmation", dependencies=[Csrf])
def commit(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    typed: Typed,
    lists: Lists,
) -> Response:
    """Same use case as POST /api/v1/sessions/{id}/candidate-list: the dry run's
    plan applied, or the dry run shown again if the session changed since."""
    session = app.get_session(actor, session_id)
    refuse_readers(app, actor, session.centre_id)
    try:
        given = returned_file(typed.get("nom", ""), lists.get("contenu", []))
    except FileFaults as no:
        return refused_page(request, app, actor, session, no)
    try:
        listed = app.candidate_list_of(actor, session_id)
        template = template_from(given.content, given.name, listed.centre_type)
        result = app.commit_candidate_list(actor, session_id, template, typed.get("token", ""))
    except errors.CandidateListChanged as exc:
        return dry_run_page(request, app, actor, session, given, french(exc), 409)
    except errors.InvalidRows:
        return dry_run_page(request, app, actor, session, given)
    except (errors.InvalidInput, errors.RuleConflict) as exc:
        return refused_page(request, app, actor, session, file_faults(exc))
    counts = (
        f"ajoutes={len(result.added)}&modifies={len(result.changed)}&retires={len(result.removed)}"
    )
    path = session_context(app, actor, session, "")["path"]
    return RedirectResponse(f"{path}/candidats?fait=liste&{counts}", status_code=303)


def refused_page(
    request: Request, app: App, actor: UUID, session: SessionView, no: FileFaults
) -> Response:
    context = list_context(app, actor, session)
    context["errors"] = no.errors
    return render(request, PAGE, context, no.status)


def dry_run_page(
    request: Request,
    app: App,
    actor: UUID,
    session: SessionView,
    given: Upload,
    changed: str = "",
    status: int | None = None,
) -> Response:
    """The dry run of the file on the session as it is now; ``changed`` says why
    it is shown again."""
    try:
        listed = app.candidate_list_of(actor, session.id)
        template = template_from(given.content, given.name, listed.centre_type)
        plan = app.plan_candidate_list(actor, session.id, template)
    except (errors.InvalidInput, errors.RuleConflict) as exc:
        return refused_page(request, app, actor, session, file_faults(exc))
    context = list_context(app, actor, session)
    context.update(
        plan=plan_view(plan, given.name),
        confirm=confirmation(request, plan, given),
        errors={"formulaire": changed} if changed else {},
    )
    return render(request, PAGE, context, status or (422 if plan.problems else 200))


def plan_view(plan: CandidateListPlan, name: str) -> dict[str, Any]:
    """The plan in French: each fault by line and column, the names it changes."""
    problems = [
        {
            "line": str(problem["row"]) if problem.get("row") else "—",
            "column": COLUMN_LABELS.get(str(problem.get("field")), "—"),
            "message": french_problem(problem | {"row": None}),
        }
        for problem in with_french(list(plan.problems))
    ]
    found = plural(len(problems), "erreur", "erreurs")
    fix = "corrigez-la" if len(problems) == 1 else "corrigez-les"
    return {
        "name": name,
        "problems": problems,
        "problems_heading": f"Le fichier contient {found} : {fix}, puis vérifiez-le à nouveau. "
        "Rien n'est enregistré.",
        "additions": [planned_row(row) for row in plan.additions],
        "changes": [planned_row(row) for row in plan.changes],
        "removals": [
            {"last_name": c.last_name, "first_name": c.first_name, "birthdate": c.birthdate}
            for c in plan.removals
        ],
        "unchanged": plan.unchanged,
        "nothing": not (plan.additions or plan.changes or plan.removals),
    }


def planned_row(row: PlannedCandidate) -> dict[str, Any]:
    given = row.given
    return {
        "line": str(row.line),
        "last_name": given.last_name,
        "first_name": given.first_name,
        "birthdate": given.birthdate,
    }


def confirmation(request: Request, plan: CandidateListPlan, given: Upload) -> dict[str, Any] | None:
    """The confirmation's form: the plan's token and the file itself, in pieces
    each under the form parser's limit, the whole under the upload limit. None
    while the file has faults or would change nothing."""
    if plan.problems or not (plan.additions or plan.changes or plan.removals):
        return None
    encoded = base64.urlsafe_b64encode(given.content).decode("ascii")
    limit: int = request.app.state.upload_limit
    if len(encoded) + MARGIN > limit:
        return {"too_large": True, "chunks": []}
    chunks = [encoded[start : start + CHUNK] for start in range(0, len(encoded), CHUNK)]
    return {"too_large": False, "token": plan.token, "name": given.name, "chunks": chunks}


def returned_file(name: str, chunks: list[str]) -> Upload:
    """The file the confirmation carried back, as it was uploaded."""
    try:
        content = base64.b64decode("".join(chunks), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise FileFaults({FILE_FIELD: RETURNED}, [], 422) from None
    if not name or not content:
        raise FileFaults({FILE_FIELD: RETURNED}, [], 422)
    return Upload(name, content)
