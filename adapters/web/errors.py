"""Refusals on pages: a French page, or the sign-in page, never problem JSON.

The API's handlers (adapters/http/problems.py) stay as they are for the API;
each is wrapped so that a request for a page gets the page's answer. A form
that can be corrected handles its own refusals and shows them beside its
fields; what reaches these handlers is what no form can correct.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response

from adapters.persistence.faults import STORE_ERRORS
from adapters.web.cookies import CsrfRefused, SignInFirst
from adapters.web.messages import french
from adapters.web.templating import render
from domain import errors

Handler = Callable[[Request, Exception], Response | Awaitable[Response]]
NOT_PAGES = ("/api/", "/openapi.json", "/docs", "/redoc", "/static/")
log = logging.getLogger("certif.pages")


def is_page(request: Request) -> bool:
    return not request.url.path.startswith(NOT_PAGES)


def wants_fragment(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def refusal_page(request: Request, status: int, heading: str, text: str) -> Response:
    return render(
        request,
        "refusal.html",
        {"title": heading, "heading": heading, "text": text},
        status_code=status,
    )


def page_answer(request: Request, exc: Exception) -> Response:
    """What a page request gets for an exception its route did not handle."""
    if isinstance(exc, SignInFirst):
        if wants_fragment(request):  # htmx follows no redirect: it reloads the page
            return Response(status_code=204, headers={"HX-Redirect": exc.location})
        return RedirectResponse(exc.location, status_code=303)
    if isinstance(exc, CsrfRefused):
        return refusal_page(
            request,
            403,
            "Formulaire expiré",
            "Ce formulaire n'est plus valable : rechargez la page, puis recommencez.",
        )
    if isinstance(exc, errors.NotFound | errors.Forbidden):
        status = 404 if isinstance(exc, errors.NotFound) else 403
        return refusal_page(request, status, "Page introuvable", french(exc))
    if isinstance(exc, errors.TooManyAttempts):
        return refusal_page(request, 429, "Trop de tentatives", french(exc))
    if isinstance(exc, errors.DomainError):
        return refusal_page(request, 409, "Action refusée", french(exc))
    if isinstance(exc, RequestValidationError):
        return refusal_page(
            request, 422, "Adresse incorrecte", "Cette adresse ou ce formulaire est incomplet."
        )
    if isinstance(exc, StarletteHTTPException):
        if exc.status_code == 404:
            return refusal_page(request, 404, "Page introuvable", "Cette page n'existe pas.")
        return refusal_page(request, exc.status_code, "Requête refusée", "Requête refusée.")
    log.exception("a page failed", exc_info=exc)
    return refusal_page(
        request,
        503 if isinstance(exc, STORE_ERRORS) else 500,
        "Service indisponible",
        "Le service n'a pas pu répondre. Réessayez dans un instant.",
    )


def wrapped(original: Handler | None) -> Handler:
    async def handler(request: Request, exc: Exception) -> Response:
        if is_page(request) or original is None:
            return page_answer(request, exc)
        answer = original(request, exc)
        return await answer if isinstance(answer, Awaitable) else answer

    return handler


def install(api: FastAPI) -> None:
    """Page requests get pages for every exception the API answers as a problem."""
    handlers = dict(api.exception_handlers)
    for family, original in handlers.items():
        api.add_exception_handler(family, wrapped(original))
    for family in (SignInFirst, CsrfRefused):
        api.add_exception_handler(family, wrapped(None))
