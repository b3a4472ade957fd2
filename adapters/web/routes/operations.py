"""Operators: the eligibility rule's versions, a preview of a change and the
change itself, and the read models' state.

Mirrors /api/v1/eligibility-rule (GET, preview, PUT) and /api/v1/projections.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from fastapi import APIRouter, Request
from starlette.responses import Response

from adapters.http.deps import App, Runner, Views
from adapters.web.cookies import Csrf, PageActor
from adapters.web.errors import wants_fragment
from adapters.web.forms import refusal, session_label
from adapters.web.messages import french
from adapters.web.routes.account import holder_of
from adapters.web.routes.after import (
    Context,
    Submitted,
    crumbs_of,
    done,
    fresh,
    notice_of,
)
from adapters.web.templating import render
from application.app import CertificationApp
from domain import errors
from domain.aggregates.rulebook import ORIGINAL_VERSION, check_rule
from domain.name_order import alphabetical
from projections import queries

router = APIRouter(include_in_schema=False)
Fresh = fresh("eligibility", "sessions")
NOTICES = {
    "regle": "La nouvelle version de la règle est enregistrée ; les vues d'éligibilité "
    "sont reconstruites."
}
PROJECTIONS = {
    "eligibility": "Éligibilité des candidats",
    "sessions": "Sessions et feuilles d'émargement",
    "audit": "Historique des sessions",
    "invigilation": "Espace surveillant et finalisation",
    "chain": "Chaîne d'empreintes",
}
REFRESH_SECONDS = 5


def author(app: CertificationApp, by: UUID | None) -> str:
    if by is None:
        return "la plateforme"
    try:
        return app.get_account(by).display_name
    except errors.DomainError:
        return "l'opérateur en ligne de commande"


def rules_context(app: App, actor: UUID) -> Context:
    app.require_operator(actor)
    number, history = app.rule_history()
    versions = [
        {
            "version": v.rule.version,
            "min_competences": v.rule.min_competences,
            "min_level": v.rule.min_level,
            "effective_from": v.effective_from,
            "reason": "Règle du guide de certification" if v == ORIGINAL_VERSION else v.reason,
            "by": author(app, v.by),
            "at": v.at,
            "in_force": v.rule.version == number,
        }
        for v in reversed(history)
    ]
    return {
        "title": "Règles d'éligibilité",
        "holder": holder_of(app, actor),
        "crumbs": crumbs_of(("Règles d'éligibilité", None)),
        "versions": versions,
        "preview": None,
        "proposed": {},
    }


def whole(text: str, field: str, problems: dict[str, str]) -> int:
    try:
        return int(text.strip())
    except ValueError:
        problems[field] = "Un nombre entier est attendu."
        return 0


def previewed(views: Views, min_competences: int, min_level: int) -> Context:
    """The preview's candidates by centre, named as people name them."""
    found = queries.preview_rule(views, check_rule(min_competences, min_level))
    names = {c["id"]: c["name"] for c in queries.centre_directory(views)}
    numbers = queries.session_numbers(views)
    centres = [
        {
            "name": names.get(centre["centre_id"], centre["centre_id"]),
            "sessions": [
                s | {"label": session_label(numbers.get(s["session_id"]), s["session_id"])}
                for s in centre["sessions"]
            ],
        }
        for centre in found["centres"]
    ]
    return {
        "changed": found["changed"],
        "centres": sorted(centres, key=lambda c: alphabetical(c["name"])),
    }


def with_preview(context: Context, views: Views, fields: dict[str, str]) -> Context:
    problems: dict[str, str] = {}
    wanted = whole(fields.get("min_competences", ""), "min_competences", problems)
    level = whole(fields.get("min_level", "1") or "1", "min_level", problems)
    if not problems:
        try:
            context["preview"] = previewed(views, wanted, level)
            context["proposed"] = {"min_competences": wanted, "min_level": level}
        except errors.DomainError as exc:
            problems = {exc.field or "formulaire": french(exc)}
    context["errors"] = problems
    context["values"] = fields
    return context


@router.get("/operations/regles", dependencies=[Fresh])
def rules_page(
    request: Request,
    app: App,
    actor: PageActor,
    views: Views,
    min_competences: str | None = None,
    min_level: str | None = None,
    fait: str | None = None,
) -> Response:
    """The versions; with ?min_competences= (and ?min_level=), the preview of a change."""
    context = rules_context(app, actor)
    context["notice"] = notice_of(NOTICES, fait)
    status = 200
    if min_competences is not None:
        fields = {"min_competences": min_competences, "min_level": min_level or "1"}
        context = with_preview(context, views, fields)
        status = 422 if context["errors"] else 200
    return render(request, "operations/rules.html", context, status_code=status)


@router.post("/operations/regles", dependencies=[Csrf, Fresh])
def change_rule(
    request: Request, app: App, actor: PageActor, views: Views, fields: Submitted
) -> Response:
    """Same use case as PUT /api/v1/eligibility-rule, after its preview."""
    context = with_preview(rules_context(app, actor), views, fields)
    problems = dict(context["errors"])
    try:
        starting = dt.date.fromisoformat(fields.get("effective_from", ""))
    except ValueError:
        problems["effective_from"] = "La date doit être au format jj/mm/aaaa."
    if not fields.get("reason", "").strip():
        problems["reason"] = "Dites pourquoi la règle change."
    if not problems:
        proposed = context["proposed"]
        try:
            app.change_eligibility_rule(
                actor,
                proposed["min_competences"],
                proposed["min_level"],
                starting,
                fields["reason"],
            )
        except errors.DomainError as exc:
            problems, status = refusal(exc)
        else:
            return done("/operations/regles", "regle")
    else:
        status = 422
    context["errors"] = problems
    return render(request, "operations/rules.html", context, status_code=status)


@router.get("/operations/vues")
def views_page(request: Request, app: App, actor: PageActor, runner: Runner) -> Response:
    """Each read model against the log's head; htmx asks again every few seconds."""
    app.require_operator(actor)
    generations = runner.store.generations
    found = []
    for status in runner.status():
        rebuilt = [g for g in generations(status.name) if g.number > status.generation]
        newest = max(rebuilt, key=lambda g: g.number) if rebuilt else None
        progress = None
        if newest is not None:
            progress = 100 if status.head == 0 else min(100, newest.position * 100 // status.head)
        found.append(
            {
                "name": status.name,
                "label": PROJECTIONS.get(status.name, status.name),
                "generation": status.generation,
                "position": status.position,
                "head": status.head,
                "lag": status.lag,
                "rule_version": status.rule_version,
                "rebuild": {"number": newest.number, "position": newest.position}
                if newest
                else None,
                "progress": progress,
                "stopped": status.error is not None,
            }
        )
    context = {
        "title": "État des vues",
        "holder": holder_of(app, actor),
        "crumbs": crumbs_of(("État des vues", None)),
        "projections": found,
        "head": found[0]["head"] if found else 0,
        "refresh": REFRESH_SECONDS,
    }
    template = "operations/views_table.html" if wants_fragment(request) else "operations/views.html"
    return render(request, template, context)
