"""What the invigilator does from the workspace: start the session, act for a
candidate, note extra time, report an incident or a fraud. Each is a plain
form; htmx may post the candidates' buttons and swap the list in place."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from adapters.http.deps import App, Views
from adapters.web.cookies import Csrf, PageInvigilator
from adapters.web.errors import wants_fragment
from adapters.web.messages import french
from adapters.web.routes.invigilation import (
    HOLDER,
    LIST,
    WORKSPACE,
    list_context,
    workspace_context,
)
from adapters.web.routes.workspace_data import full_name
from adapters.web.templating import render
from application.views import Receipt
from domain import errors, limits
from domain.values import extra_time
from projections.invigilation import invigilator_view
from projections.queries import session_and_centre

router = APIRouter(include_in_schema=False)
ACTIONS = ("presence", "reprise", "annulation", "fin", "aide", "detache")
Text = Annotated[str, Form(max_length=limits.REPORT_TEXT)]
Short = Annotated[str, Form(max_length=limits.SEARCH)]


def done(
    request: Request, receipt: Receipt, fait: str, candidat: str = "", q: str = ""
) -> Response:
    """POST/redirect/GET: the page (or, for htmx, the list) once it shows the change."""
    query = {"fait": fait, "candidat": candidat, "after": str(receipt.position)}
    if q:
        query["q"] = q
    base = LIST if wants_fragment(request) else WORKSPACE
    return RedirectResponse(f"{base}?{urlencode(query)}", status_code=303)


def refused(
    request: Request,
    app: App,
    views: Views,
    session_id: UUID,
    problems: dict[str, str],
    values: dict[str, str],
    status: int,
) -> Response:
    """The workspace again with what was typed and the French error beside its field."""
    if wants_fragment(request):  # htmx swaps the list: say it there
        context = list_context(app, views, session_id, values.get("q", ""), "", "", "")
        context |= {"fragment": True, "zone": workspace_zone(views, session_id)}
        context["announced"] = list(problems.values())
        context["problem"] = " ".join(problems.values())
        return render(request, "invigilation/_list.html", context)
    context = workspace_context(app, views, session_id, values.get("q", ""))
    context |= {"errors": problems, "values": values}
    return render(request, "invigilation/workspace.html", context, status_code=status)


def workspace_zone(views: Views, session_id: UUID) -> str:
    header = session_and_centre(views, str(session_id)) or {"centre": None}
    return str((header["centre"] or {}).get("timezone") or "Europe/Paris")


def status_of(refusal: errors.DomainError) -> int:
    return 422 if isinstance(refusal, errors.InvalidInput) else 409


@router.post(f"{WORKSPACE}/demarrer", dependencies=[Csrf])
def start_session(request: Request, app: App, views: Views, who: PageInvigilator) -> Response:
    """Start the session (one invigilator per 20 candidates is required)."""
    try:
        receipt = app.start_session(who.actor, who.session_id)
    except errors.DomainError as refusal:
        problems = {"formulaire": french(refusal)}
        return refused(request, app, views, who.session_id, problems, {}, status_of(refusal))
    return done(request, receipt, "demarree")


@router.post(f"{WORKSPACE}/candidats/{{candidate_id}}/{{action}}", dependencies=[Csrf])
def act_for(
    request: Request,
    candidate_id: UUID,
    action: str,
    app: App,
    views: Views,
    who: PageInvigilator,
    q: Short = "",
) -> Response:
    """Confirm presence, authorise a resume, cancel a presence not yet used,
    end the test, note help given, detach the pupil account: the same use
    cases as the API's."""
    if action not in ACTIONS:
        raise errors.NotFound("No such action.")
    commands = {
        "presence": app.confirm_presence,
        "reprise": app.confirm_presence,
        "annulation": app.cancel_presence,
        "fin": app.end_test,
        "aide": app.give_help,
        "detache": app.detach_pupil_account,
    }
    try:
        receipt = commands[action](who.actor, who.session_id, candidate_id)
    except (errors.InvalidInput, errors.RuleConflict) as refusal:
        problems = {"formulaire": french(refusal)}
        return refused(request, app, views, who.session_id, problems, {"q": q}, 409)
    return done(request, receipt, action, str(candidate_id), q)


CONFIRMATIONS = {
    "fin": (
        "Mettre fin au test",
        "Mettre fin au test de {name} ?",
        "Le candidat ne pourra plus reprendre son test. Signalez un incident si besoin.",
        "Oui, mettre fin au test",
    ),
    "detache": (
        "Détacher le compte élève",
        "Détacher le compte élève avec lequel {name} a rejoint la session ?",
        "L'élève devra rejoindre à nouveau la session avec son propre compte Pix.",
        "Oui, détacher le compte",
    ),
}


@router.get(f"{WORKSPACE}/candidats/{{candidate_id}}/{{action}}")
def confirm_action(
    request: Request,
    candidate_id: UUID,
    action: str,
    app: App,
    views: Views,
    who: PageInvigilator,
) -> Response:
    """The actions that cannot be undone ask first, on a page of their own."""
    view = invigilator_view(views, str(who.session_id), app.now()) or {"candidates": []}
    candidate = next(
        (c for c in view["candidates"] if c["candidate_id"] == str(candidate_id)), None
    )
    if action not in CONFIRMATIONS or candidate is None:
        raise errors.NotFound("No such candidate or action.")
    heading, question, consequence, button = CONFIRMATIONS[action]
    name = full_name(candidate)
    context = {
        "title": heading,
        "holder": HOLDER,
        "heading": heading,
        "question": question.format(name=name),
        "consequence": consequence,
        "button": button,
        "candidate_id": str(candidate_id),
        "action": action,
    }
    return render(request, "invigilation/confirm.html", context)


def candidate_of(value: str, field: str, problems: dict[str, str]) -> UUID | None:
    if not value:
        return None
    try:
        return UUID(value)
    except ValueError:
        problems[field] = "Choisissez un candidat de la liste."
        return None


@router.post(f"{WORKSPACE}/temps-majore", dependencies=[Csrf])
def note_extra_time(
    request: Request,
    app: App,
    views: Views,
    who: PageInvigilator,
    time_candidate: Short = "",
    extra_time_percent: Short = "",
) -> Response:
    """The extra time the invigilator gives, in percent (33 for 33 %)."""
    values = {"time_candidate": time_candidate, "extra_time_percent": extra_time_percent}
    problems: dict[str, str] = {}
    candidate = candidate_of(time_candidate, "time_candidate", problems)
    if candidate is None:
        problems.setdefault("time_candidate", "Choisissez un candidat.")
    text = extra_time_percent.strip().removesuffix("%").strip()
    if not text:
        problems["extra_time_percent"] = "Ce champ est obligatoire."
    if problems or candidate is None:
        return refused(request, app, views, who.session_id, problems, values, 422)
    try:
        ratio = extra_time(f"{text}%")
        receipt = app.note_extra_time(who.actor, who.session_id, candidate, ratio)
    except errors.DomainError as refusal:
        field = "extra_time_percent" if refusal.field == "extra_time" else "formulaire"
        problems = {field: french(refusal)}
        return refused(request, app, views, who.session_id, problems, values, status_of(refusal))
    return done(request, receipt, "temps", str(candidate))


@router.post(f"{WORKSPACE}/incidents", dependencies=[Csrf])
def report_incident(
    request: Request,
    app: App,
    views: Views,
    who: PageInvigilator,
    category: Short = "",
    incident_candidate: Short = "",
    question_number: Short = "",
    description: Text = "",
) -> Response:
    """An incident with its category code and what that code requires."""
    values = {
        "category": category,
        "incident_candidate": incident_candidate,
        "question_number": question_number,
        "description": description,
    }
    problems: dict[str, str] = {}
    candidate = candidate_of(incident_candidate, "incident_candidate", problems)
    if not category:
        problems["category"] = "Choisissez une catégorie."
    number = None
    if question_number.strip():
        if question_number.strip().isdigit() and len(question_number.strip()) < 6:
            number = int(question_number.strip())
        else:
            problems["question_number"] = "Le numéro de question est un nombre de 1 à 500."
    if problems:
        return refused(request, app, views, who.session_id, problems, values, 422)
    try:
        receipt = app.report_incident(
            who.actor, who.session_id, category, candidate, description, number
        )
    except errors.DomainError as refusal:
        field = refusal.field if refusal.field in values else "formulaire"
        problems = {field: incident_french(refusal)}
        return refused(request, app, views, who.session_id, problems, values, status_of(refusal))
    return done(request, receipt, "incident", str(candidate or ""))


def incident_french(refusal: errors.DomainError) -> str:
    if refusal.field == "question_number":
        return "Cette catégorie demande le numéro de la question (de 1 à 500)."
    if refusal.field == "description":
        return "Cette catégorie demande une description de l'incident."
    if refusal.field == "category":
        return "Choisissez une catégorie de la liste."
    return french(refusal)


@router.post(f"{WORKSPACE}/fraudes", dependencies=[Csrf])
def report_fraud(
    request: Request,
    app: App,
    views: Views,
    who: PageInvigilator,
    fraud_candidate: Short = "",
    observed: Text = "",
    witnesses: Text = "",
    measures: Text = "",
) -> Response:
    """The fraud report: who, what was observed, the witnesses, the measures taken."""
    values: dict[str, Any] = {
        "fraud_candidate": fraud_candidate,
        "observed": observed,
        "witnesses": witnesses,
        "measures": measures,
    }
    problems: dict[str, str] = {}
    candidate = candidate_of(fraud_candidate, "fraud_candidate", problems)
    if candidate is None:
        problems.setdefault("fraud_candidate", "Choisissez le candidat concerné.")
    if not observed.strip():
        problems["observed"] = "Décrivez ce qui a été constaté."
    if problems or candidate is None:
        return refused(request, app, views, who.session_id, problems, values, 422)
    try:
        receipt = app.report_fraud(
            who.actor, who.session_id, candidate, observed, witnesses, measures
        )
    except errors.DomainError as refusal:
        field = refusal.field if refusal.field in values else "formulaire"
        problems = {field: french(refusal)}
        return refused(request, app, views, who.session_id, problems, values, status_of(refusal))
    return done(request, receipt, "fraude", str(candidate))
