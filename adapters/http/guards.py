"""Guards around every request: a bounded body, and the headers of every answer."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.idempotency import header, replayed
from adapters.http.problems import API_POLICY, SECURITY_HEADERS, problem

UPLOAD_SUFFIXES = (
    "/profiles/bulk",
    "/roster",
    "/candidate-list",
    "/candidate-list/dry-run",
    # the pages' uploads, and the confirmation that carries the file back
    "/eleves/import",
    "/candidats/fichier",
    "/candidats/fichier/confirmation",
)
# the interactive documentation runs Swagger UI from this service's own files;
# FastAPI's page starts it with an inline script, and Swagger UI sets inline styles
DOCS_POLICY = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; worker-src blob:; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'"
)
DOCS_PATHS = ("/docs",)
# the pages load their own scripts and styles only, and post their forms to themselves
PAGES_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
NOT_PAGES = ("/api/", "/openapi.json")
GUARDED = {name.lower().encode() for name in SECURITY_HEADERS}


def encoded(policy: str) -> list[tuple[bytes, bytes]]:
    chosen = SECURITY_HEADERS | {"Content-Security-Policy": policy}
    return [(name.lower().encode(), value.encode()) for name, value in chosen.items()]


API_HEADERS, DOCS_HEADERS = encoded(API_POLICY), encoded(DOCS_POLICY)
PAGES_HEADERS = encoded(PAGES_POLICY)


def headers_for(path: str) -> list[tuple[bytes, bytes]]:
    if path.startswith(DOCS_PATHS):
        return DOCS_HEADERS
    if path.startswith(NOT_PAGES):
        return API_HEADERS
    return PAGES_HEADERS


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    """Answers 413 to a body over the limit, without reading more than the limit:
    a Content-Length above it is refused at once, a longer stream when it passes."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"].endswith(UPLOAD_SUFFIXES) else self.limit
        declared = header(scope, b"content-length")
        try:
            if declared is not None and declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge
            body = await bounded_body(receive, limit)
        except BodyTooLarge:
            refusal = problem(
                413,
                "Request too large",
                f"The request body is limited to {limit} bytes.",
                "request-too-large",
                scope["path"],
                limit=limit,
            )
            refusal.headers["Connection"] = "close"
            await refusal(scope, receive, send)
            return
        await self.app(scope, replayed(body, receive), send)


async def bounded_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


class SecurityHeadersMiddleware:
    """Every answer forbids framing, sniffing and referrers; API answers, which
    carry personal data, are never stored by a cache."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        added = headers_for(scope["path"])

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() not in GUARDED
                ]
                headers += added
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, guarded)
