"""The pupil's pages: joining with the access code, waiting for the
invigilator, starting the test, asking for help, finishing."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from adapters.http.deps import App, Limits, SourceAddress, Tokens, Views
from adapters.security import CANDIDATE
from adapters.web.cookies import Csrf, PagePupil, forget, keep
from adapters.web.messages import french
from adapters.web.routes.day import cookie_token, revoke, wait_text
from adapters.web.templating import render
from application.views import Receipt
from domain import errors, limits
from projections.engine import Doc
from projections.invigilation import candidate_on_the_day

router = APIRouter(include_in_schema=False)
JOIN, WAITING, TEST = "/epreuve", "/epreuve/attente", "/epreuve/test"
SIGN_OUT = "/epreuve/deconnexion"
FIELDS = ("access_code", "last_name", "first_name", "pupil_account")
Short = Annotated[str, Form(max_length=limits.NAME)]
REFUSALS = {
    "access_code": "Aucune session ne correspond à ce code d'accès : vérifiez-le.",
}


def join_form(
    request: Request, context: dict[str, Any], status: int = 200, retry_after: int = 0
) -> Response:
    base = {"title": "Rejoindre une session", "holder": None}
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return render(request, "pupil/join.html", base | context, status, headers)


@router.get(JOIN)
def join_page(request: Request) -> Response:
    return join_form(request, {})


def birthdate_of(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


@router.post(JOIN, dependencies=[Csrf])
def join(
    request: Request,
    app: App,
    tokens: Tokens,
    limits: Limits,
    source: SourceAddress,
    access_code: Annotated[str, Form(max_length=limits.ACCESS_CODE)] = "",
    last_name: Short = "",
    first_name: Short = "",
    birth_day: Annotated[str, Form(max_length=4)] = "",
    birth_month: Annotated[str, Form(max_length=4)] = "",
    birth_year: Annotated[str, Form(max_length=6)] = "",
    pupil_account: Short = "",
) -> Response:
    """Same door as POST /api/v1/join; the candidate's token in a cookie."""
    typed = {
        "access_code": access_code,
        "last_name": last_name,
        "first_name": first_name,
        "birth_day": birth_day,
        "birth_month": birth_month,
        "birth_year": birth_year,
        "pupil_account": pupil_account,
    }
    problems = {name: "Ce champ est obligatoire." for name in FIELDS if not typed[name].strip()}
    born = birthdate_of(birth_day, birth_month, birth_year)
    if born is None:
        problems["birth_day"] = "La date de naissance n'est pas valide : jour, mois et année."
    context: dict[str, Any] = {"values": typed}
    if problems or born is None:
        return join_form(request, context | {"errors": problems}, 422)
    try:
        with limits.attempt(CANDIDATE, source, pupil_account):
            joined = app.join(access_code, last_name, first_name, born, pupil_account)
    except errors.TooManyAttempts as refused:
        context["errors"] = {"formulaire": wait_text(refused.retry_after)}
        return join_form(request, context, 429, refused.retry_after)
    except errors.DomainError as refused:
        field = refused.field if refused.field in typed else "formulaire"
        text = REFUSALS.get(field) if refused.rule == "not-found" else None
        status = 422 if isinstance(refused, errors.InvalidInput) else 409
        context["errors"] = {field: text or french(refused)}
        return join_form(request, context, 404 if isinstance(refused, errors.NotFound) else status)
    answer = RedirectResponse(f"{WAITING}?after={joined.position}", status_code=303)
    token = tokens.issue(joined.candidate_id, CANDIDATE, acct=pupil_account.strip())
    keep(request, answer, CANDIDATE, token, int(tokens.lifetime.total_seconds()))
    return answer


def sitting_of(app: App, views: Views, who: PagePupil) -> Doc:
    found = candidate_on_the_day(views, str(who.candidate_id), app.now())
    if found is None:
        raise errors.NotFound("No such candidate.")
    return found


def holder(candidate: Doc) -> dict[str, str]:
    return {"name": f"{candidate['first_name']} {candidate['last_name']}", "sign_out": SIGN_OUT}


def place_of(candidate: Doc) -> str:
    """Which page the candidate's state calls for."""
    waiting = candidate["state"] in ("enrolled", "joined") or candidate["certifiable"] is False
    return WAITING if waiting else TEST


def step_of(candidate: Doc) -> str:
    return f"{candidate['state']}{'h' if candidate['help_requested'] else ''}"


@router.get(WAITING)
def waiting(request: Request, app: App, views: Views, who: PagePupil) -> Response:
    """Until the invigilator confirms presence; htmx asks again every few seconds."""
    candidate = sitting_of(app, views, who)
    if place_of(candidate) != WAITING:
        return RedirectResponse(TEST, status_code=303)
    context = {"title": "En attente du surveillant", "holder": holder(candidate)}
    context |= {"candidate": candidate, "step": step_of(candidate)}
    return render(request, "pupil/waiting.html", context)


@router.get("/epreuve/etat")
def has_changed(request: Request, app: App, views: Views, who: PagePupil, vu: str = "") -> Response:
    """For htmx's polling: nothing (204), or the page to go to once the state changed."""
    candidate = sitting_of(app, views, who)
    if step_of(candidate) == vu[:40]:
        return Response(status_code=204)
    return Response(status_code=204, headers={"HX-Redirect": place_of(candidate)})


@router.get(TEST)
def sitting_page(
    request: Request, app: App, views: Views, who: PagePupil, fait: str = ""
) -> Response:
    """Start or resume the test, ask for help, finish; or the end, whoever ended it."""
    candidate = sitting_of(app, views, who)
    if place_of(candidate) == WAITING:
        return RedirectResponse(WAITING, status_code=303)
    context: dict[str, Any] = {"holder": holder(candidate), "candidate": candidate}
    context |= {"step": step_of(candidate), "notice": NOTICES.get(fait)}
    if candidate["state"] in ("completed", "ended"):
        context["title"] = "Test terminé"
        return render(request, "pupil/finished.html", context)
    context["title"] = "Votre test"
    return render(request, "pupil/test.html", context)


NOTICES = {
    "aide": "Votre demande d'aide est transmise : le surveillant arrive.",
    "commence": "Votre test a commencé.",
}


def moved_on(receipt: Receipt, fait: str = "") -> Response:
    suffix = f"&fait={fait}" if fait else ""
    return RedirectResponse(f"{TEST}?after={receipt.position}{suffix}", status_code=303)


def refused_here(
    request: Request, app: App, views: Views, who: PagePupil, refusal: errors.DomainError
) -> Response:
    candidate = sitting_of(app, views, who)
    context: dict[str, Any] = {"holder": holder(candidate), "candidate": candidate}
    context |= {"step": step_of(candidate), "title": "Votre test"}
    context["errors"] = {"formulaire": french(refusal)}
    return render(request, "pupil/test.html", context, status_code=409)


@router.post(f"{TEST}/debut", dependencies=[Csrf])
def start(request: Request, app: App, views: Views, who: PagePupil) -> Response:
    try:
        receipt = app.start_test(who.candidate_id, who.pupil_account)
    except errors.RuleConflict as refusal:
        return refused_here(request, app, views, who, refusal)
    return moved_on(receipt, "commence")


@router.post(f"{TEST}/aide", dependencies=[Csrf])
def ask_for_help(request: Request, app: App, views: Views, who: PagePupil) -> Response:
    try:
        receipt = app.request_help(who.candidate_id, who.pupil_account)
    except errors.RuleConflict as refusal:
        return refused_here(request, app, views, who, refusal)
    return moved_on(receipt, "aide")


@router.get(f"{TEST}/fin")
def confirm_finish(request: Request, app: App, views: Views, who: PagePupil) -> Response:
    candidate = sitting_of(app, views, who)
    if candidate["state"] != "in_test":
        return RedirectResponse(place_of(candidate), status_code=303)
    context = {"title": "Terminer le test", "holder": holder(candidate)}
    return render(request, "pupil/finish.html", context)


@router.post(f"{TEST}/fin", dependencies=[Csrf])
def finish(request: Request, app: App, views: Views, who: PagePupil) -> Response:
    try:
        receipt = app.complete_test(who.candidate_id, who.pupil_account)
    except errors.RuleConflict as refusal:
        return refused_here(request, app, views, who, refusal)
    return moved_on(receipt)


@router.post(SIGN_OUT, dependencies=[Csrf])
def sign_out(request: Request, app: App, tokens: Tokens) -> Response:
    """Revokes the candidate's token: a shared computer keeps nothing of them."""
    revoke(app, cookie_token(request, tokens, app, CANDIDATE))
    answer = RedirectResponse(JOIN, status_code=303)
    forget(answer, CANDIDATE)
    return answer
