"""A session's "enrol pupils" page: a whole class of the school's roster, or the
pupils ticked after a filter by class and a search by name."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from adapters.http.deps import App, SessionId
from adapters.http.enrolment_schemas import EnrolmentCreate
from adapters.imports.reading import rows_in_french
from adapters.web.cookies import Csrf, PageActor
from adapters.web.routes.admin_common import Refused, Typed, checked, refuse_readers
from adapters.web.routes.enrolment_common import (
    FileFaults,
    Lists,
    file_faults,
    refuse_unless_school,
)
from adapters.web.routes.session import session_context
from adapters.web.templating import render
from application.enrolment import EnrolmentReport
from application.views import SessionView
from domain import errors

router = APIRouter(include_in_schema=False)


def list_part(
    app: App, actor: UUID, session: SessionView, classe: str, recherche: str
) -> dict[str, Any]:
    """The pupils the filters choose, each said to be in the session already or not."""
    pupils = app.list_pupils(
        actor, session.centre_id, division=classe or None, search=recherche or None
    )
    inside = app.pupils_in_session(actor, session.id)
    return {
        "rows": [{"view": pupil, "enrolled": pupil.id in inside} for pupil in pupils],
        "filtered": bool(classe or recherche),
        "ticked": set(),
    }


def enrol_context(
    app: App, actor: UUID, session: SessionView, classe: str = "", recherche: str = ""
) -> dict[str, Any]:
    context = session_context(app, actor, session, "Inscrire des élèves")
    refuse_unless_school(context["centre"])
    if not context["may_change_centre"]:
        raise errors.Forbidden("Readers enrol no pupil.")
    classe, recherche = classe.strip(), recherche.strip()[:100]
    divisions = [(d, d) for d in app.roster_divisions(actor, session.centre_id)]
    roster_empty = not divisions
    context["crumbs"] = [
        *context["crumbs"],
        ("Candidats", f"{context['path']}/candidats"),
        ("Inscrire des élèves", None),
    ]
    context.update(
        list_part(app, actor, session, classe, recherche),
        divisions=[("", "Choisir une classe"), *divisions],
        filters=[("", "Toutes les classes"), *divisions],
        values={"classe": classe, "recherche": recherche},
        refusals=[],
        roster_empty=roster_empty,
    )
    return context


@router.get("/sessions/{session_id}/candidats/eleves")
def enrol_page(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    classe: str = "",
    recherche: str = "",
) -> Response:
    """Mirrors GET /api/v1/centres/{id}/pupils for the session's centre."""
    session = app.get_session(actor, session_id)
    context = enrol_context(app, actor, session, classe, recherche)
    return render(request, "session/enrol_pupils.html", context)


@router.get("/sessions/{session_id}/candidats/eleves/liste")
def enrol_list(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    classe: str = "",
    recherche: str = "",
) -> Response:
    """The pupils to tick alone, for htmx's filter and search."""
    session = app.get_session(actor, session_id)
    context = enrol_context(app, actor, session, classe, recherche)
    return render(request, "session/_enrol_list.html", context)


@router.post("/sessions/{session_id}/candidats/eleves", dependencies=[Csrf])
def enrol(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    typed: Typed,
    lists: Lists,
) -> Response:
    """Same use cases as POST /api/v1/sessions/{id}/enrolments: a class, or the
    pupils ticked; those already in the session are skipped and counted."""
    session = app.get_session(actor, session_id)
    refuse_readers(app, actor, session.centre_id)
    ticked = lists.get("eleves", [])
    try:
        try:
            report = enrolled(app, actor, session_id, typed.get("division", ""), ticked)
        except (errors.InvalidInput, errors.RuleConflict) as exc:
            raise file_faults(exc) from None
    except (Refused, FileFaults) as no:
        context = enrol_context(app, actor, session)
        found = {"eleves" if k == "pupil_ids" else k: v for k, v in no.errors.items()}
        rows = no.rows if isinstance(no, FileFaults) else []
        context.update(errors=found, refusals=refused_pupils(app, actor, session, rows))
        context.update(ticked=set(ticked), values=context["values"] | typed_division(typed))
        return render(request, "session/enrol_pupils.html", context, no.status)
    counts = f"inscrits={len(report.enrolled)}&deja={len(report.already_enrolled)}"
    path = session_context(app, actor, session, "")["path"]
    return RedirectResponse(f"{path}/candidats?fait=eleves&{counts}", status_code=303)


def enrolled(
    app: App, actor: UUID, session_id: UUID, division: str, ticked: list[str]
) -> EnrolmentReport:
    """The form checked by the API's schema, then the class or the pupils enrolled."""
    body = checked(EnrolmentCreate, {"division": division, "pupil_ids": ticked or None})
    with rows_in_french():
        if body.division:
            return app.enrol_division(actor, session_id, body.division)
        if not body.pupil_ids:
            raise errors.InvalidInput("Give the pupils or their class.", field="pupil_ids")
        return app.enrol_pupils(actor, session_id, body.pupil_ids)


def typed_division(typed: dict[str, str]) -> dict[str, str]:
    return {"division": typed.get("division", "").strip()}


def refused_pupils(
    app: App, actor: UUID, session: SessionView, rows: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """Each pupil refused, by name, with why in French."""
    if not rows:
        return []
    names = {
        str(pupil.id): f"{pupil.first_name} {pupil.last_name}"
        for pupil in app.list_pupils(actor, session.centre_id, gone_too=True)
    }
    return [
        {"name": names.get(str(row.get("pupil_id")), "Élève inconnu"), "why": row["message_fr"]}
        for row in rows
    ]
