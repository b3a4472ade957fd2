"""A school's roster: its pupils by class and name, the import of the file its
pupil-records system exports (SIECLE), and what that import did."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from adapters.http.deps import App
from adapters.imports.reading import roster_from, rows_in_french
from adapters.imports.wording import with_french
from adapters.web.cookies import Csrf, PageActor
from adapters.web.routes.admin_common import may_change, plural, refuse_readers
from adapters.web.routes.centre import centre_context
from adapters.web.routes.enrolment_common import (
    FileFaults,
    Sent,
    chosen,
    file_faults,
    refuse_unless_school,
)
from adapters.web.templating import render
from application.rosters import RosterReport
from application.views import CentreView
from domain import errors

router = APIRouter(include_in_schema=False)
ACCEPTED = ".xml,.zip,.csv,.ods,.xlsx"
DONE = {
    "efface": "Les données personnelles de l'élève, et des candidats qu'il a été, sont "
    "effacées : elles se lisent « [effacé] » partout, pour de bon.",
}


def filters_of(classe: str, recherche: str, partis: str) -> dict[str, str]:
    return {"classe": classe.strip(), "recherche": recherche.strip()[:100], "partis": partis}


def pupils_part(app: App, actor: UUID, centre_id: UUID, filters: dict[str, str]) -> dict[str, Any]:
    """The table's part of the page: the pupils the filters choose."""
    pupils = app.list_pupils(
        actor,
        centre_id,
        division=filters["classe"] or None,
        search=filters["recherche"] or None,
        gone_too=bool(filters["partis"]),
    )
    return {
        "pupils": pupils,
        "filtered": any(filters.values()),
        "centre_id": centre_id,
        "can_erase": may_change(app, actor, app.get_centre(actor, centre_id)),
    }


def roster_context(
    app: App, actor: UUID, centre: CentreView, filters: dict[str, str]
) -> dict[str, Any]:
    everyone = app.list_pupils(actor, centre.id, gone_too=True)
    divisions = app.roster_divisions(actor, centre.id)
    context = centre_context(app, actor, centre, "Élèves de l'établissement")
    context["crumbs"] = [*context["crumbs"], ("Élèves", None)]
    gone = sum(1 for pupil in everyone if pupil.gone)
    context.update(
        pupils_part(app, actor, centre.id, filters),
        present=len(everyone) - gone,
        gone=gone,
        divisions=[("", "Toutes les classes"), *((d, d) for d in divisions)],
        classes=len(divisions),
        values=filters,
        accepted=ACCEPTED,
        report=None,
        done=None,
        faults=[],
        faults_heading="",
    )
    return context


@router.get("/centres/{centre_id}/eleves")
def roster_page(
    request: Request,
    centre_id: UUID,
    app: App,
    actor: PageActor,
    classe: str = "",
    recherche: str = "",
    partis: str = "",
    fait: str = "",
) -> Response:
    """Mirrors GET /api/v1/centres/{id}/pupils and /divisions."""
    centre = app.get_centre(actor, centre_id)
    refuse_unless_school(centre)
    context = roster_context(app, actor, centre, filters_of(classe, recherche, partis))
    context["done"] = DONE.get(fait)
    return render(request, "centre/roster.html", context)


@router.get("/centres/{centre_id}/eleves/liste")
def pupils_list(
    request: Request,
    centre_id: UUID,
    app: App,
    actor: PageActor,
    classe: str = "",
    recherche: str = "",
    partis: str = "",
) -> Response:
    """The table alone, for htmx's search as the name is typed."""
    refuse_unless_school(app.get_centre(actor, centre_id))
    context = pupils_part(app, actor, centre_id, filters_of(classe, recherche, partis))
    return render(request, "centre/_pupils.html", context)


@router.post("/centres/{centre_id}/eleves/import", dependencies=[Csrf])
def import_roster(
    request: Request, centre_id: UUID, app: App, actor: PageActor, sent: Sent
) -> Response:
    """Same use case as POST /api/v1/centres/{id}/roster; nothing is stored from a
    refused file, whose message or faulty rows are shown beside the form."""
    centre = app.get_centre(actor, centre_id)
    refuse_unless_school(centre)
    refuse_readers(app, actor, centre_id)
    try:
        given = chosen(sent)
        try:
            roster = roster_from(given.content, given.name)
            with rows_in_french():
                report = app.import_roster(actor, centre_id, roster)
        except (errors.InvalidInput, errors.RuleConflict) as exc:
            raise file_faults(exc) from None
    except FileFaults as no:
        context = roster_context(app, actor, centre, filters_of("", "", ""))
        context.update(errors=no.errors, faults=no.rows, faults_heading=faults_heading(no.rows))
        return render(request, "centre/roster.html", context, no.status)
    context = roster_context(app, actor, centre, filters_of("", "", ""))
    context["report"] = report_lines(report)
    return render(request, "centre/roster.html", context)


def faults_heading(rows: list[dict[str, Any]]) -> str:
    found = plural(len(rows), "erreur", "erreurs")
    return f"Le fichier contient {found} : aucun élève n'a été importé."


def report_lines(report: RosterReport) -> dict[str, Any]:
    """What the import did, in French: each count that is not nought."""
    if not report.recorded:
        heading = "Ce fichier ne change rien : la liste des élèves est déjà à jour."
    else:
        heading = "La liste des élèves est importée."
    done = [
        (report.listed, "élève ajouté", "élèves ajoutés"),
        (report.changed, "élève modifié", "élèves modifiés"),
        (report.unchanged, "élève inchangé", "élèves inchangés"),
        (
            report.gone,
            "élève parti (absent du fichier, gardé)",
            "élèves partis (absents du fichier, gardés)",
        ),
        (report.returned, "élève revenu", "élèves revenus"),
    ]
    skipped = [
        (report.skipped_left, "élève sorti de l'établissement", "élèves sortis de l'établissement"),
        (report.skipped_without_class, "élève sans classe", "élèves sans classe"),
        (
            report.skipped_erased,
            "élève dont les données sont effacées",
            "élèves dont les données sont effacées",
        ),
    ]
    return {
        "heading": heading,
        "done": [plural(count, one, many) for count, one, many in done if count],
        "skipped": [plural(count, one, many) for count, one, many in skipped if count],
        "warnings": [row["message_fr"] for row in with_french(list(report.warnings))],
    }
