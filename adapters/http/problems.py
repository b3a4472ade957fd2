"""Errors as RFC 9457 problem details (application/problem+json)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from adapters.persistence.faults import STORE_ERRORS, StoreFault, store_fault
from adapters.security import HashingBusy
from domain import errors

PROBLEM_JSON = "application/problem+json"
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
SECURITY_HEADERS = {
    "Content-Security-Policy": API_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
TYPE_PREFIX = "urn:certif:problem:"
log = logging.getLogger("certif.http")

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "rule": {"type": "string"},
        "field": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}
PROBLEM_STATUSES = {
    400: "The request cannot be read",
    401: "Sign in first, or the token is invalid",
    403: "The signed-in account may not do this",
    404: "No such resource (or not one the account may see)",
    409: "Refused by a rule, or a stale version (If-Match)",
    413: "The request body is over the size limit",
    422: "A value or a header is invalid",
    429: "Too many attempts; see Retry-After",
    503: "The store or the read models cannot answer now; see Retry-After",
}
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "description": text,
        "content": {"application/problem+json": {"schema": PROBLEM_SCHEMA}},
    }
    for status, text in PROBLEM_STATUSES.items()
}

STATUS_BY_FAMILY: list[tuple[type[errors.DomainError], int, str]] = [
    (errors.TooManyAttempts, 429, "Too many attempts"),
    (errors.NotFound, 404, "Not found"),
    (errors.AuthenticationFailed, 401, "Authentication required"),
    (errors.Forbidden, 403, "Forbidden"),
    (errors.InvalidInput, 422, "Invalid input"),
    (errors.RuleConflict, 409, "Refused by a rule"),
]


def problem(
    status: int,
    title: str,
    detail: str,
    rule: str,
    instance: str,
    **extensions: Any,
) -> JSONResponse:
    body = {
        "type": TYPE_PREFIX + rule,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        "rule": rule,
        **{k: v for k, v in extensions.items() if v is not None},
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.DomainError)
    status, title = next(
        ((code, text) for family, code, text in STATUS_BY_FAMILY if isinstance(exc, family)),
        (409, "Refused by a rule"),
    )
    rows, wait = getattr(exc, "rows", None), getattr(exc, "retry_after", None)
    answer = problem(
        status,
        title,
        exc.message,
        exc.rule,
        request.url.path,
        field=exc.field,
        errors=rows,
        retry_after=wait,
    )
    if isinstance(exc, errors.TooManyAttempts):
        answer.headers["Retry-After"] = str(exc.retry_after)
    return answer


def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [
        {
            "field": ".".join(str(part) for part in err.get("loc", ()) if part != "body"),
            "message": str(err.get("msg", "invalid")),
        }
        for err in exc.errors()
    ]
    first = details[0] if details else {"field": "", "message": "invalid request"}
    return problem(
        422,
        "Invalid input",
        f"{first['field'] or 'request'}: {first['message']}",
        "invalid-input",
        request.url.path,
        field=first["field"] or None,
        errors=details,
    )


def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    rule = {404: "not-found", 405: "method-not-allowed", 401: "authentication-failed"}.get(
        exc.status_code, "http-error"
    )
    return problem(exc.status_code, str(exc.detail), str(exc.detail), rule, request.url.path)


class ReadModelBehind(Exception):
    """The read models have not reached the position the client asked to see."""

    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


def read_model_behind(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ReadModelBehind)
    answer = problem(
        503,
        "Read models are catching up",
        f"The read models have not reached position {exc.position} yet; retry shortly.",
        "read-model-behind",
        request.url.path,
    )
    answer.headers["Retry-After"] = "1"
    return answer


def hashing_busy(request: Request, exc: Exception) -> JSONResponse:
    answer = problem(
        503,
        "Too many sign-ins at once",
        str(exc),
        "hashing-busy",
        request.url.path,
    )
    answer.headers["Retry-After"] = "1"
    return answer


def fault_problem(fault: StoreFault, instance: str) -> JSONResponse:
    answer = problem(503, fault.title, fault.detail, fault.rule, instance)
    answer.headers["Retry-After"] = str(fault.retry_after)
    return answer


def store_error(request: Request, exc: Exception) -> JSONResponse:
    """A store that failed answers 503 with Retry-After; a defect stays a 500."""
    fault = store_fault(exc)
    if fault is None:
        return unexpected_error(request, exc)
    log.warning("store fault on %s: %s", request.url.path, exc)
    return fault_problem(fault, request.url.path)


def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    # a 500 leaves through the outermost layer, past the security headers' middleware
    answer = problem(
        500,
        "Internal error",
        "The service failed to handle this request.",
        "internal-error",
        request.url.path,
    )
    answer.headers.update(SECURITY_HEADERS)
    return answer


def install(app: FastAPI) -> None:
    app.add_exception_handler(errors.DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(ReadModelBehind, read_model_behind)
    app.add_exception_handler(HashingBusy, hashing_busy)
    for family in STORE_ERRORS:
        app.add_exception_handler(family, store_error)
    app.add_exception_handler(Exception, unexpected_error)
