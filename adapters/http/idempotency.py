"""Idempotency-Key on POST: a retried request gets the first answer again.

The first request with a key runs; if it succeeds (2xx) its status, headers
and body are kept for the caller who sent it. The same key with the same
request then answers the same, records nothing, and says
``Idempotent-Replayed: true``; the same key with another request is refused.
Refusals and failures are not kept: they changed nothing, so running the
request again is safe. Requests without a valid token (signing in, joining)
are not kept either: their answers are fresh tokens, which the store must
never hold.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.problems import fault_problem, log, problem
from adapters.persistence.faults import store_fault
from adapters.persistence.idempotency import Answers, KeptAnswer
from adapters.security import TokenIssuer

HEADER = b"idempotency-key"
PARAMETER: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Send the same key to retry this request safely: the first answer "
    "comes back and nothing new is recorded",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
}
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
NOT_KEPT = {b"date", b"server"}
MAX_KEPT_BYTES = 1_000_000
RELEASE_DELAYS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


class IdempotencyMiddleware:
    """Keeps and replays the answers of POSTs that carry an Idempotency-Key."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = header(scope, HEADER) if scope["type"] == "http" else None
        if key is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        tokens: TokenIssuer = state.tokens
        holder = tokens.holder(bearer(scope) or "")
        if not _KEY.match(key):
            await refused("invalid", scope["path"])(scope, receive, send)
            return
        if holder is None:
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        answers: Answers = state.service.answers
        try:
            claim = await run_in_threadpool(answers.claim, holder, key, fingerprint(scope, body))
        except Exception as failure:
            fault = store_fault(failure)
            if fault is None:
                raise
            await fault_problem(fault, scope["path"])(scope, receive, send)
            return
        if claim.outcome == "new":
            await self._first(scope, replayed(body, receive), send, answers, (holder, key))
        elif claim.outcome == "replay" and claim.answer is not None:
            await replay(claim.answer, send)
        else:
            await refused(claim.outcome, scope["path"])(scope, receive, send)

    async def _first(
        self, scope: Scope, receive: Receive, send: Send, answers: Answers, at: tuple[str, str]
    ) -> None:
        """Runs the request, keeping a successful answer as it goes out."""
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def kept_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, kept_send)
        except BaseException:
            await settle(answers, at, None)
            raise
        status = int(start.get("status", 500))
        content = b"".join(chunks)
        if 200 <= status < 300 and len(content) <= MAX_KEPT_BYTES:
            headers = [
                (name.decode("latin-1"), value.decode("latin-1"))
                for name, value in start.get("headers", [])
                if name.lower() not in NOT_KEPT
            ]
            await settle(answers, at, (KeptAnswer(status, headers, content), self.seconds))
        else:
            await settle(answers, at, None)


async def settle(
    answers: Answers, at: tuple[str, str], kept: tuple[KeptAnswer, float] | None
) -> None:
    """Keeps the answer, or frees the key. The answer is already on its way: if
    the store fails now, a key to free is freed as soon as the store is back
    (a retry meanwhile hears that the first request is in progress)."""
    try:
        if kept is None:
            await run_in_threadpool(answers.release, *at)
        else:
            await run_in_threadpool(answers.keep, *at, *kept)
    except Exception as failure:
        if store_fault(failure) is None:
            raise
        log.warning("Idempotency-Key %s not settled yet: %s", at[1], failure)
        if kept is None:
            threading.Thread(target=release_later, args=(answers, at), daemon=True).start()


def release_later(answers: Answers, at: tuple[str, str]) -> None:
    for delay in RELEASE_DELAYS:
        time.sleep(delay)
        try:
            answers.release(*at)
        except Exception as failure:
            if store_fault(failure) is None:
                return
        else:
            return


REFUSALS = {
    "invalid": (
        422,
        "Invalid input",
        "Idempotency-Key must be 1 to 255 visible ASCII characters.",
        "invalid-idempotency-key",
    ),
    "mismatch": (
        422,
        "Idempotency-Key reused",
        "This Idempotency-Key was sent before with another request; use a new key.",
        "idempotency-key-reused",
    ),
    "in-progress": (
        409,
        "Request in progress",
        "The first request with this Idempotency-Key has not finished; retry shortly.",
        "idempotency-key-in-progress",
    ),
}


def refused(reason: str, path: str) -> JSONResponse:
    status, title, detail, rule = REFUSALS[reason]
    field = "Idempotency-Key" if status == 422 else None
    answer = problem(status, title, detail, rule, path, field=field)
    if status == 409:
        answer.headers["Retry-After"] = "1"
    return answer


def document(api: FastAPI) -> None:
    """Every POST of the OpenAPI document says it takes an Idempotency-Key."""
    build = api.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        for item in schema.get("paths", {}).values():
            post = item.get("post")
            parameters = post.setdefault("parameters", []) if post is not None else None
            if parameters is not None and PARAMETER not in parameters:
                parameters.append(PARAMETER)
        return schema

    api.openapi = openapi  # type: ignore[method-assign]


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            text: str = value.decode("latin-1")
            return text
    return None


def bearer(scope: Scope) -> str | None:
    value = header(scope, b"authorization")
    if value is None or not value.lower().startswith("bearer "):
        return None
    return value[7:].strip()


def fingerprint(scope: Scope, body: bytes) -> str:
    """The request as far as its meaning goes: method, path, query, type and body."""
    digest = hashlib.sha256()
    for part in (
        scope["method"].encode(),
        scope["path"].encode(),
        scope.get("query_string", b""),
        (header(scope, b"content-type") or "").encode("latin-1"),
        (header(scope, b"if-match") or "").encode("latin-1"),
    ):
        digest.update(part + b"\0")
    digest.update(body)
    return digest.hexdigest()


async def read_body(receive: Receive) -> bytes:
    """The whole body (its size is already bounded by the body-limit middleware)."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replayed(body: bytes, receive: Receive) -> Receive:
    """The body read before, then whatever the client sends next (its disconnect)."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


async def replay(answer: KeptAnswer, send: Send) -> None:
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in answer.headers]
    headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
