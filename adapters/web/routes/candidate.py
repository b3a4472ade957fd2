"""One candidate of a session: editing their details, noting their extra time,
removing them (with a confirmation step)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from adapters.http.deps import App, SessionId
from adapters.http.schemas import CandidateFields, percent
from adapters.web.cookies import Csrf, PageActor
from adapters.web.routes.admin_common import (
    Refused,
    Typed,
    refuse_readers,
    refused,
    version_of,
)
from adapters.web.routes.candidates import (
    DONE,
    TEXT_FIELDS,
    as_percent,
    checked_candidate,
    form_lists,
    typed_candidate,
)
from adapters.web.routes.session import session_context
from adapters.web.templating import render
from application.views import CandidateView
from domain import errors
from domain.values import extra_time

router = APIRouter(include_in_schema=False)
CANDIDATE_PATH = "/sessions/{session_id}/candidats/{candidate_id}"


def values_of(candidate: CandidateView) -> dict[str, str]:
    """The candidate's details as the form shows them."""
    place = candidate.birth_place
    return {
        "last_name": candidate.last_name,
        "first_name": candidate.first_name,
        "birthdate": candidate.birthdate.isoformat() if candidate.birthdate else "",
        "sex": candidate.sex.value if candidate.sex else "",
        "birth_country": place.country if place else "",
        "birth_insee_code": (place.insee_code or "") if place else "",
        "birth_postal_code": (place.postal_code or "") if place else "",
        "birth_city": (place.city or "") if place else "",
        "external_id": candidate.external_id or "",
        "division": candidate.division or "",
        "convocation_email": candidate.convocation_email or "",
        "results_email": candidate.results_email or "",
        "billing_mode": candidate.billing_mode.value if candidate.billing_mode else "",
        "accessibility_adjustment": "1" if candidate.accessibility_adjustment else "",
        "extra_time": f"{(candidate.extra_time * 100).normalize():f}"
        if candidate.extra_time
        else "",
    }


def candidate_page(
    request: Request,
    app: App,
    actor: UUID,
    session_id: UUID,
    candidate: CandidateView,
    values: dict[str, str] | None = None,
    found: dict[str, str] | None = None,
    status: int = 200,
    template: str = "session/candidate.html",
) -> Response:
    session = app.get_session(actor, session_id)
    context: dict[str, Any] = session_context(app, actor, session, "Candidat")
    name = f"{candidate.first_name} {candidate.last_name}"
    context["title"] = f"{name} · {context['label']}"
    context["crumbs"] = [
        *context["crumbs"],
        ("Candidats", f"{context['path']}/candidats"),
        (name, None),
    ]
    context.update(
        candidate=candidate,
        name=name,
        extra_time=percent(candidate.extra_time),
        values=values if values is not None else values_of(candidate),
        errors=found or {},
        notice=DONE.get(request.query_params.get("fait", "")),
        **form_lists(context["centre"].centre_type),
    )
    return render(request, template, context, status)


@router.get(CANDIDATE_PATH)
def candidate_form(
    request: Request, session_id: SessionId, candidate_id: UUID, app: App, actor: PageActor
) -> Response:
    candidate = app.get_candidate(actor, session_id, candidate_id)
    return candidate_page(request, app, actor, session_id, candidate)


@router.post(CANDIDATE_PATH, dependencies=[Csrf])
def change_candidate(
    request: Request,
    session_id: SessionId,
    candidate_id: UUID,
    app: App,
    actor: PageActor,
    typed: Typed,
) -> Response:
    """Same use case as PATCH /api/v1/sessions/{id}/candidates/{id} (If-Match: version)."""
    candidate = app.get_candidate(actor, session_id, candidate_id)
    refuse_readers(app, actor, app.get_session(actor, session_id).centre_id)
    values = typed_candidate(typed) | {"extra_time": values_of(candidate)["extra_time"]}
    try:
        body = checked_candidate(values, with_extra_time=False)
        changes = body.model_dump(include={*TEXT_FIELDS, "accessibility_adjustment"})
        for name in CandidateFields.model_fields:
            changes.setdefault(name, None)
        try:
            app.change_candidate(actor, session_id, candidate_id, changes, version_of(typed))
        except (errors.InvalidInput, errors.RuleConflict) as exc:
            raise refused(exc) from None
    except Refused as no:
        return candidate_page(
            request, app, actor, session_id, candidate, values, no.errors, no.status
        )
    return RedirectResponse(f"{request.url.path}?fait=modifie", status_code=303)


@router.post(f"{CANDIDATE_PATH}/temps-majore", dependencies=[Csrf])
def note_extra_time(
    request: Request,
    session_id: SessionId,
    candidate_id: UUID,
    app: App,
    actor: PageActor,
    typed: Typed,
) -> Response:
    """Same use case as PUT /api/v1/sessions/{id}/candidates/{id}/extra-time."""
    candidate = app.get_candidate(actor, session_id, candidate_id)
    refuse_readers(app, actor, app.get_session(actor, session_id).centre_id)
    typed_time = typed.get("extra_time", "").strip()
    try:
        try:
            ratio = extra_time(as_percent(typed_time or "0"))
            app.note_extra_time(actor, session_id, candidate_id, ratio, version_of(typed))
        except (errors.InvalidInput, errors.RuleConflict) as exc:
            no = refused(exc)
            raise Refused({"extra_time": next(iter(no.errors.values()))}, no.status) from None
    except Refused as no:
        values = values_of(candidate) | {"extra_time": typed_time}
        return candidate_page(
            request, app, actor, session_id, candidate, values, no.errors, no.status
        )
    path = request.url.path.removesuffix("/temps-majore")
    return RedirectResponse(f"{path}?fait=temps", status_code=303)


@router.get(f"{CANDIDATE_PATH}/suppression")
def remove_form(
    request: Request, session_id: SessionId, candidate_id: UUID, app: App, actor: PageActor
) -> Response:
    """The confirmation step before removing the candidate."""
    candidate = app.get_candidate(actor, session_id, candidate_id)
    return candidate_page(
        request, app, actor, session_id, candidate, template="session/remove_candidate.html"
    )


@router.post(f"{CANDIDATE_PATH}/suppression", dependencies=[Csrf])
def remove_candidate(
    request: Request,
    session_id: SessionId,
    candidate_id: UUID,
    app: App,
    actor: PageActor,
    typed: Typed,
) -> Response:
    """Same use case as DELETE /api/v1/sessions/{id}/candidates/{id}."""
    candidate = app.get_candidate(actor, session_id, candidate_id)
    try:
        app.remove_candidate(actor, session_id, candidate_id, version_of(typed))
    except errors.RuleConflict as exc:
        found = refused(exc).errors
        return candidate_page(
            request,
            app,
            actor,
            session_id,
            candidate,
            found={"formulaire": next(iter(found.values()))},
            status=409,
            template="session/remove_candidate.html",
        )
    path = request.url.path.rsplit("/", 2)[0]
    return RedirectResponse(f"{path}?fait=retire", status_code=303)
