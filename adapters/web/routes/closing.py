"""The centre's finalisation of a session: the form, its summary, and withdrawing it.

Mirrors POST and DELETE /api/v1/sessions/{id}/finalisation: the same use
cases, the read model of the finalisation form for who started and who did not.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from adapters.http.deps import App, SessionId, Views, found
from adapters.web.cookies import Csrf, PageActor
from adapters.web.forms import refusal
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
from domain.values import Role
from projections.invigilation import finalisation_form
from projections.queries import by_name

router = APIRouter(include_in_schema=False)
Fresh = fresh("invigilation")
NOTICES = {
    "finalisee": "La session est finalisée.",
    "rouverte": "La finalisation est annulée : la session peut être finalisée à nouveau.",
}
CLOSED = ("finalised", "in_review", "published")
COMMENT_LIMIT = 500


def page_context(app: App, actor: UUID, views: Views, session_id: UUID) -> Context:
    session = app.get_session(actor, session_id)
    centre = app.get_centre(actor, session.centre_id)
    form = found(finalisation_form(views, str(session_id)))
    started = sorted(
        form["completed"] + form["needs_abort_reason"],
        key=by_name,
    )
    label = label_of(session)
    role = app.get_account(actor).role
    return {
        "title": f"Finalisation · {label}",
        "holder": holder_of(app, actor),
        "crumbs": crumbs_of(
            (centre.name, f"/centres/{centre.id}"),
            (label, f"/sessions/{session.id}"),
            ("Finalisation", None),
        ),
        "session": session,
        "label": label,
        "zone": centre.timezone,
        "form": form,
        "started": started,
        "unfinished": {c["candidate_id"] for c in form["needs_abort_reason"]},
        "closed": session.status in CLOSED,
        "may_change": role in (Role.ADMINISTRATOR, Role.OPERATOR),
        "closing": app.closing_of(actor, session_id) if session.status in CLOSED else None,
        "yes_no": YES_NO,
        "reasons": [("", "Choisir…"), *ABORT_REASONS.items()],
        "reason_labels": ABORT_REASONS,
    }


@router.get("/sessions/{session_id}/finalisation", dependencies=[Fresh])
def finalisation_page(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    views: Views,
    fait: str | None = None,
) -> Response:
    context = page_context(app, actor, views, session_id)
    context["notice"] = notice_of(NOTICES, fait)
    return render(request, "closing/finalisation.html", context)


@router.post("/sessions/{session_id}/finalisation", dependencies=[Csrf, Fresh])
def finalise(
    request: Request,
    session_id: SessionId,
    app: App,
    actor: PageActor,
    views: Views,
    fields: Submitted,
) -> Response:
    """Same use case as POST /api/v1/sessions/{id}/finalisation."""
    context = page_context(app, actor, views, session_id)
    problems: dict[str, str] = {}
    reasons: dict[UUID, str] = {}
    comments: dict[UUID, str] = {}
    for candidate in context["started"]:
        key = candidate["candidate_id"]
        if key in context["unfinished"]:
            reason = fields.get(f"abandon-{key}", "")
            if reason not in ABORT_REASONS:
                problems[f"abandon-{key}"] = "Choisissez pourquoi ce test n'est pas terminé."
            else:
                reasons[UUID(key)] = reason
        said = fields.get(f"commentaire-{key}", "")
        if len(said.strip()) > COMMENT_LIMIT:
            problems[f"commentaire-{key}"] = (
                f"Le commentaire est limité à {COMMENT_LIMIT} caractères."
            )
        elif said.strip():
            comments[UUID(key)] = said
    had_incident = yes_no(fields.get("had_incident", ""), "had_incident", problems)
    joining_issues = yes_no(fields.get("joining_issues", ""), "joining_issues", problems)
    comment = fields.get("comment", "")
    if len(comment.strip()) > COMMENT_LIMIT:
        problems["comment"] = f"Le commentaire est limité à {COMMENT_LIMIT} caractères."
    status = 422
    if not problems:
        try:
            app.finalise(
                actor, session_id, comment, had_incident, joining_issues, reasons, comments
            )
        except errors.DomainError as refused:
            problems, status = refusal(refused)
        else:
            path = f"/sessions/{session_id}/finalisation"
            return done(path, "finalisee")
    context |= {"errors": problems, "values": fields}
    return render(request, "closing/finalisation.html", context, status_code=status)


@router.post("/sessions/{session_id}/finalisation/annulation", dependencies=[Csrf])
def unfinalise(session_id: SessionId, app: App, actor: PageActor) -> Response:
    """Same use case as DELETE /api/v1/sessions/{id}/finalisation."""
    app.unfinalise(actor, session_id)
    return done(f"/sessions/{session_id}/finalisation", "rouverte")
