"""Auditors (and the others who may read a session): its timeline, the session
as it stood at a moment, and the hash chain's check.

Mirrors /api/v1/sessions/{id}/audit, /history?at= and /verify: the same use
cases and read models, so the same access rules.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from adapters import display
from adapters.http.deps import App, SessionId, Views
from adapters.web.cookies import PageActor
from adapters.web.routes.account import holder_of
from adapters.web.routes.after import Context, crumbs_of, fresh, label_of
from adapters.web.templating import CANDIDATE_STATES, render
from domain import errors
from projections import audit_queries, chain

router = APIRouter(include_in_schema=False)
Trail = fresh("audit")
Chain = fresh("chain")
KINDS = {
    chain.ALTERED: "un événement chaîné a été modifié",
    chain.REMOVED: "un événement chaîné n'est plus stocké",
    chain.REORDERED: "un événement chaîné a changé de place",
    chain.INSERTED: "un événement a été ajouté sans être chaîné",
    chain.REWRITTEN: "les maillons de la chaîne eux-mêmes ont été réécrits",
}
PICKER = "%Y-%m-%dT%H:%M"


def audit_context(app: App, actor: UUID, session_id: UUID, step: str) -> Context:
    session = app.audited_session(actor, session_id)
    centre = app.get_centre(actor, session.centre_id)
    label = label_of(session)
    here = f"Historique · {label}"
    steps = [(here, f"/audit/sessions/{session.id}"), (step, None)] if step else [(here, None)]
    return {
        "holder": holder_of(app, actor),
        "session": session,
        "label": label,
        "centre": centre,
        "zone": centre.timezone,
        "crumbs": crumbs_of(*steps),
    }


@router.get("/audit/sessions/{session_id}", dependencies=[Trail])
def timeline(
    request: Request, session_id: SessionId, app: App, actor: PageActor, views: Views
) -> Response:
    """Every event of the session and its candidates: when, who, what, in French."""
    context = audit_context(app, actor, session_id, "")
    context["title"] = f"Historique · {context['label']}"
    context["entries"] = audit_queries.session_trail(views, str(session_id))
    return render(request, "audit/timeline.html", context)


@router.get("/audit/sessions/{session_id}/etat")
def as_of(
    request: Request, session_id: SessionId, app: App, actor: PageActor, a: str | None = None
) -> Response:
    """The session and its candidates as they stood at a moment of the centre's clock."""
    context = audit_context(app, actor, session_id, "État à un moment")
    context |= {"title": f"État à un moment · {context['label']}", "replay": None}
    zone = context["zone"]
    if a is None:
        now = display.local(app.now(), zone)
        context["values"] = {"a": now.strftime(PICKER)}
        return render(request, "audit/as_of.html", context)
    context["values"] = {"a": a}
    try:
        moment = display.moment_of(a.strip(), zone)
    except ValueError:
        context["errors"] = {"a": "Choisissez une date et une heure (jj/mm/aaaa hh:mm)."}
        return render(request, "audit/as_of.html", context, status_code=422)
    try:
        replay = app.session_as_of(actor, session_id, moment=moment)
    except errors.NotFound:
        created = display.short_moment(context["session"].created_at, zone)
        said = f"La session n'existait pas encore : elle a été créée le {created}."
        context["errors"] = {"a": said}
        return render(request, "audit/as_of.html", context, status_code=422)
    context["replay"] = replay
    context["states"] = {c: CANDIDATE_STATES.get(s, s) for c, s in replay.states.items()}
    return render(request, "audit/as_of.html", context)


def verdict_text(verdict: chain.Verdict) -> dict[str, str]:
    """What the check found, in French: intact, or broken where and how."""
    problem = verdict.problem
    if problem is None:
        waiting = (
            f" ; {verdict.unchained} événement(s) pas encore chaîné(s)" if verdict.unchained else ""
        )
        return {
            "heading": "Chaîne intacte",
            "text": f"{verdict.checked} événement(s) vérifié(s), aucun n'a été modifié, "
            f"supprimé ni déplacé{waiting}.",
        }
    what = KINDS.get(problem.kind, problem.kind)
    return {
        "heading": f"Chaîne rompue à la position {problem.position}",
        "text": f"À la position {problem.position}, {what}"
        + (
            f" (version {problem.originator_version} de {problem.originator_id[:8]})."
            if problem.originator_id
            else "."
        ),
    }


@router.get("/audit/chaine", dependencies=[Chain])
def chain_check(
    request: Request, app: App, actor: PageActor, views: Views, lancer: str | None = None
) -> Response:
    """Same check as GET /api/v1/verify over the whole store, run on demand."""
    app.require_auditor(actor)
    context: Context = {
        "title": "Vérifier la chaîne d'empreintes",
        "holder": holder_of(app, actor),
        "crumbs": crumbs_of(("Chaîne d'empreintes", None)),
        "verdict": None,
    }
    if lancer is not None:
        verdict = chain.verify(app.recorder, views, chain.WHOLE_STORE)
        erased = app.erased_data(chain.WHOLE_STORE.covers)
        context |= {"verdict": verdict, "said": verdict_text(verdict), "erased": erased}
    return render(request, "audit/chain.html", context)
