"""Reviewers and operators: the sessions to review or publish, and one session's review.

Mirrors /api/v1/sessions/{id}/review/* and /publication: the same use cases,
whose role checks apply (reviewers and operators review and publish).
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from adapters.http.deps import App, SessionId, Views, found
from adapters.web.cookies import Csrf, PageActor
from adapters.web.forms import refusal, session_label
from adapters.web.routes.account import holder_of
from adapters.web.routes.after import (
    ABORT_REASONS,
    YES_NO,
    Context,
    Submitted,
    crumbs_of,
    done,
    fresh,
    label_of,
    notice_of,
    yes_no,
)
from adapters.web.templating import render
from domain import errors
from domain.reports import CertificationResult
from domain.values import Role
from projections import queries
from projections.invigilation import finalisation_form
from projections.queries import by_name

router = APIRouter(include_in_schema=False)
Fresh = fresh("sessions", "invigilation")
Queue = fresh("sessions")
NOTICES = {
    "commentaire": "Le commentaire est enregistré.",
    "annulation": "La certification du candidat est annulée.",
    "examinee": "L'examen est terminé : la session peut être publiée.",
    "publiee": "Les résultats sont publiés.",
    "resultat": "Le résultat du candidat est enregistré.",
}
LIMIT = 500
MAX_SCORE = 1024


@router.get("/examen", dependencies=[Queue])
def review_queue(request: Request, app: App, actor: PageActor, views: Views) -> Response:
    """Every centre's sessions waiting for a review, then those ready to publish."""
    app.require_reviewer(actor)
    sessions = [
        s | {"label": session_label(s.get("number"), s["id"])} for s in queries.review_queue(views)
    ]
    return render(
        request,
        "review/queue.html",
        {
            "title": "Sessions à examiner et à publier",
            "holder": holder_of(app, actor),
            "crumbs": crumbs_of(("Examen des sessions", None)),
            "waiting": [s for s in sessions if s["status"] == "in_review"],
            "ready": [s for s in sessions if s["status"] == "finalised"],
        },
    )


def review_context(app: App, actor: UUID, views: Views, session_id: UUID) -> Context:
    app.require_reviewer(actor)
    session = app.get_session(actor, session_id)
    centre = app.get_centre(actor, session.centre_id)
    form = found(finalisation_form(views, str(session_id)))
    closing = app.closing_of(actor, session_id)
    started = sorted(
        form["completed"] + form["needs_abort_reason"],
        key=by_name,
    )
    names = {c["candidate_id"]: f"{c['last_name']} {c['first_name']}" for c in started}
    label = label_of(session)
    in_review = session.status == "in_review" and not closing.review_completed
    return {
        "title": f"Examen · {label}",
        "holder": holder_of(app, actor),
        "crumbs": crumbs_of(("Examen des sessions", "/examen"), (label, None)),
        "session": session,
        "label": label,
        "centre": centre,
        "zone": centre.timezone,
        "form": form,
        "closing": closing,
        "results": {str(c): result for c, result in closing.results.items()},
        "cancelled": {str(c): reason for c, reason in closing.cancelled.items()},
        "started": started,
        "names": names,
        "in_review": in_review,
        "records_results": app.get_account(actor).role is Role.OPERATOR
        and session.status != "published",
        "yes_no": YES_NO,
        "publishable": session.status == "finalised",
        "reason_labels": ABORT_REASONS,
        "cancel_options": [("", "Choisir…"), *names.items()],
    }


@router.get("/examen/sessions/{session_id}", dependencies=[Fresh])
def review_page(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    views: Views,
    fait: str | None = None,
) -> Response:
    context = review_context(app, actor, views, session_id)
    context["notice"] = notice_of(NOTICES, fait)
    return render(request, "review/session.html", context)


def refused_form(
    request: Request,
    context: Context,
    problems: dict[str, str],
    fields: dict[str, str],
    status: int,
) -> Response:
    context |= {"errors": problems, "values": fields}
    return render(request, "review/session.html", context, status_code=status)


@router.post("/examen/sessions/{session_id}/commentaires", dependencies=[Csrf, Fresh])
def comment(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    views: Views,
    fields: Submitted,
) -> Response:
    """Same use case as POST /api/v1/sessions/{id}/review/comments."""
    context = review_context(app, actor, views, session_id)
    text = fields.get("comment", "")
    if not text.strip():
        return refused_form(request, context, {"comment": "Écrivez un commentaire."}, fields, 422)
    if len(text.strip()) > LIMIT:
        problem = {"comment": f"Le commentaire est limité à {LIMIT} caractères."}
        return refused_form(request, context, problem, fields, 422)
    try:
        app.comment_review(actor, session_id, text)
    except errors.DomainError as exc:
        problems, status = refusal(exc)
        return refused_form(request, context, problems, fields, status)
    return done(f"/examen/sessions/{session_id}", "commentaire")


@router.post("/examen/sessions/{session_id}/annulations", dependencies=[Csrf, Fresh])
def cancel(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    views: Views,
    fields: Submitted,
) -> Response:
    """Same use case as POST /api/v1/sessions/{id}/review/cancellations."""
    context = review_context(app, actor, views, session_id)
    problems: dict[str, str] = {}
    chosen = fields.get("candidate_id", "")
    if chosen not in context["names"]:
        problems["candidate_id"] = "Choisissez le candidat dont la certification est annulée."
    reason = fields.get("reason", "")
    if not reason.strip():
        problems["reason"] = "Dites pourquoi la certification est annulée."
    elif len(reason.strip()) > LIMIT:
        problems["reason"] = f"La raison est limitée à {LIMIT} caractères."
    if problems:
        return refused_form(request, context, problems, fields, 422)
    try:
        app.cancel_certification(actor, session_id, UUID(chosen), reason)
    except errors.DomainError as exc:
        found_problems, status = refusal(exc)
        return refused_form(request, context, found_problems, fields, status)
    return done(f"/examen/sessions/{session_id}", "annulation")


@router.post("/examen/sessions/{session_id}/fin", dependencies=[Csrf])
def complete(session_id: SessionId, app: App, actor: PageActor) -> Response:
    """Same use case as POST /api/v1/sessions/{id}/review/completion."""
    app.complete_review(actor, session_id)
    return done(f"/examen/sessions/{session_id}", "examinee")


@router.post("/examen/sessions/{session_id}/publication", dependencies=[Csrf])
def publish(session_id: SessionId, app: App, actor: PageActor) -> Response:
    """Same use case as POST /api/v1/sessions/{id}/publication."""
    app.publish(actor, session_id)
    return done(f"/examen/sessions/{session_id}", "publiee")


@router.post("/examen/sessions/{session_id}/resultats", dependencies=[Csrf, Fresh])
def record_result(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    views: Views,
    fields: Submitted,
) -> Response:
    """Same use case as PUT /api/v1/sessions/{id}/candidates/{cid}/result (operators),
    for a result the test engine could not send."""
    context = review_context(app, actor, views, session_id)
    app.require_operator(actor)
    problems: dict[str, str] = {}
    chosen = fields.get("result_candidate", "")
    if chosen not in context["names"]:
        problems["result_candidate"] = "Choisissez le candidat."
    certified = yes_no(fields.get("certified", ""), "certified", problems)
    try:
        score = int(fields.get("score", "").strip())
    except ValueError:
        score = -1
    if not 0 <= score <= MAX_SCORE:
        problems["score"] = f"Le score est un nombre entier de 0 à {MAX_SCORE}."
    if problems:
        return refused_form(request, context, problems, fields, 422)
    try:
        app.record_result(
            actor, session_id, UUID(chosen), CertificationResult(certified, score, {})
        )
    except errors.DomainError as exc:
        found_problems, status = refusal(exc)
        return refused_form(request, context, found_problems, fields, status)
    return done(f"/examen/sessions/{session_id}", "resultat")
