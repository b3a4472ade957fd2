"""A session's candidates: the table as on the attendance sheet, with eligibility
and extra time; adding one. Editing and removing one: candidate.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from adapters.http.deps import App, SessionId, Views
from adapters.http.schemas import CandidateCreate, percent
from adapters.web.cookies import Csrf, PageActor
from adapters.web.forms import caught_up
from adapters.web.routes.admin_common import (
    Refused,
    Typed,
    checked,
    may_change,
    plural,
    refuse_readers,
    refused,
)
from adapters.web.routes.session import session_context
from adapters.web.templating import render
from application.commands import CandidateInput
from application.views import CandidateView, SessionView
from domain import errors
from domain.name_order import name_order
from domain.values import CentreType, extra_time
from projections import queries
from projections.eligibility import CANDIDATE
from projections.eligibility import EligibilityProjection as Eligibility

router = APIRouter(include_in_schema=False)
TEXT_FIELDS = (
    "last_name",
    "first_name",
    "birthdate",
    "sex",
    "birth_country",
    "birth_insee_code",
    "birth_postal_code",
    "birth_city",
    "external_id",
    "division",
    "convocation_email",
    "results_email",
    "billing_mode",
)
DONE = {
    "ajoute": "Le candidat est inscrit.",
    "modifie": "Les informations du candidat sont enregistrées.",
    "retire": "Le candidat est retiré de la session.",
    "temps": "Le temps majoré du candidat est enregistré.",
    "efface": "Les données personnelles du candidat sont effacées : elles se lisent "
    "« [effacé] » partout, pour de bon.",
}
SEXES = [("", "Non renseigné"), ("F", "Féminin"), ("M", "Masculin")]
BILLING = [("", "Choisir"), ("FREE", "Gratuite"), ("PAID", "Payante"), ("PREPAID", "Prépayée")]


def sorted_as_on_the_sheet(candidates: list[CandidateView]) -> list[CandidateView]:
    """By last name then first name, as a French list is sorted (accents ignored)."""
    return sorted(candidates, key=lambda c: name_order(c.last_name, c.first_name))


def reason_of(app: App, doc: dict[str, Any]) -> str:
    """Why a candidate is not yet certifiable, in French, under the rule judged by."""
    if doc.get("levels") is None:
        return "Aucun profil de compétences n'a été enregistré pour cet élève."
    try:
        rule = app.rule_version(int(doc.get("rule_version", 0)))
    except errors.DomainError:
        rule = app.rule_in_force()
    count = doc.get("positioned", 0)
    return (
        f"{count} compétence{'s' if count > 1 else ''} au niveau {rule.min_level} ou plus ; "
        f"{rule.min_competences} requises."
    )


def form_lists(centre_type: CentreType) -> dict[str, Any]:
    return {"sexes": SEXES, "billing": BILLING, "school": centre_type is CentreType.SCO}


@router.get("/sessions/{session_id}/candidats")
def candidates_page(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    views: Views,
    fait: str = "",
    inscrits: int = 0,
    deja: int = 0,
    ajoutes: int = 0,
    modifies: int = 0,
    retires: int = 0,
) -> Response:
    """Mirrors GET /api/v1/sessions/{id}/candidates and the session's eligibility."""
    session = app.get_session(actor, session_id)
    context = session_context(app, actor, session, "Candidats")
    context["crumbs"] = [*context["crumbs"], ("Candidats", None)]
    fresh = caught_up(request, app, "eligibility")
    eligibility = queries.session_eligibility(views, str(session_id))
    not_yet = {d["candidate_id"]: d for d in eligibility["not_yet_certifiable"]}
    judged = {
        d["candidate_id"] for d in views.read_children(Eligibility.name, CANDIDATE, str(session_id))
    }
    rows = []
    for candidate in sorted_as_on_the_sheet(app.list_candidates(actor, session_id)):
        key = str(candidate.id)
        reason = reason_of(app, not_yet[key]) if key in not_yet else None
        rows.append(
            {
                "view": candidate,
                "judged": key in judged,
                "certifiable": key in judged and key not in not_yet,
                "reason": reason,
                "extra_time": percent(candidate.extra_time) if candidate.extra_time else "",
            }
        )
    notice: str | None
    if fait == "eleves":
        notice = enrolled_notice(inscrits, deja)
    elif fait == "liste":
        notice = list_notice(ajoutes, modifies, retires)
    else:
        notice = DONE.get(fait)
    school = context["centre"].centre_type is CentreType.SCO
    context.update(rows=rows, fresh=fresh, notice=notice, eligibility=eligibility, school=school)
    return render(request, "session/candidates.html", context)


def enrolled_notice(enrolled: int, already: int) -> str:
    """'12 élèves inscrits, 3 déjà inscrits.'"""
    found = plural(max(enrolled, 0), "élève inscrit", "élèves inscrits")
    skipped = f", {plural(already, 'déjà inscrit', 'déjà inscrits')}" if already > 0 else ""
    return f"{found}{skipped}."


def list_notice(added: int, changed: int, removed: int) -> str:
    """'Liste importée : 3 candidats ajoutés, 1 modifié, 0 retiré.'"""
    counts = [
        plural(max(added, 0), "candidat ajouté", "candidats ajoutés"),
        plural(max(changed, 0), "modifié", "modifiés"),
        plural(max(removed, 0), "retiré", "retirés"),
    ]
    return f"Liste importée : {', '.join(counts)}."


def typed_candidate(typed: dict[str, str]) -> dict[str, str]:
    """The candidate's form as typed, to show again."""
    values = {name: typed.get(name, "") for name in (*TEXT_FIELDS, "extra_time")}
    values["accessibility_adjustment"] = "1" if typed.get("accessibility_adjustment") else ""
    return values


def checked_candidate(values: dict[str, str], with_extra_time: bool = True) -> CandidateCreate:
    """The form checked by the API's schema for a candidate."""
    given: dict[str, Any] = {k: v for k, v in values.items() if k in TEXT_FIELDS}
    given["accessibility_adjustment"] = bool(values.get("accessibility_adjustment"))
    if with_extra_time and values.get("extra_time", "").strip():
        given["extra_time"] = as_percent(values["extra_time"])
    return checked(CandidateCreate, given)


def as_percent(text: str) -> str:
    """The form asks a percentage: '33' is 33 %."""
    text = text.strip()
    return text if text.endswith("%") else f"{text}%"


def new_page(
    request: Request,
    app: App,
    actor: UUID,
    session: SessionView,
    values: dict[str, str],
    found: dict[str, str],
    status: int = 200,
) -> Response:
    context = session_context(app, actor, session, "Nouveau candidat")
    context["crumbs"] = [
        *context["crumbs"],
        ("Candidats", f"{context['path']}/candidats"),
        ("Nouveau candidat", None),
    ]
    context.update(values=values, errors=found, **form_lists(context["centre"].centre_type))
    return render(request, "session/new_candidate.html", context, status)


@router.get("/sessions/{session_id}/candidats/nouveau")
def new_form(request: Request, session_id: SessionId, app: App, actor: PageActor) -> Response:
    session = app.get_session(actor, session_id)
    if not may_change(app, actor, app.get_centre(actor, session.centre_id)):
        raise errors.Forbidden("Readers enrol no candidate.")
    return new_page(request, app, actor, session, {}, {})


@router.post("/sessions/{session_id}/candidats/nouveau", dependencies=[Csrf])
def add_candidate(
    request: Request, session_id: SessionId, app: App, actor: PageActor, typed: Typed
) -> Response:
    """Same use case as POST /api/v1/sessions/{id}/candidates."""
    session = app.get_session(actor, session_id)
    refuse_readers(app, actor, session.centre_id)
    values = typed_candidate(typed)
    try:
        body = checked_candidate(values)
        try:
            ratio = extra_time(body.extra_time) if body.extra_time is not None else Decimal(0)
            given = CandidateInput(**body.model_dump(exclude={"extra_time"}))
            app.add_candidate(actor, session_id, given, ratio)
        except (errors.InvalidInput, errors.RuleConflict) as exc:
            raise refused(exc) from None
    except Refused as no:
        return new_page(request, app, actor, session, values, no.errors, no.status)
    path = session_context(app, actor, session, "")["path"]
    return RedirectResponse(f"{path}/candidats?fait=ajoute", status_code=303)
