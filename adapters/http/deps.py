"""Dependencies of the routes: the application, the acting account, versions."""

from __future__ import annotations

import re
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Header, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from adapters.http.problems import ReadModelBehind
from adapters.security import CANDIDATE, INVIGILATOR, Token, TokenIssuer
from adapters.sign_in_limits import SignInLimits
from adapters.wiring import Service
from application.app import CertificationApp
from application.views import Receipt
from domain import errors
from projections.engine import Doc, Generation, Rows, ViewStore
from projections.runner import ProjectionRunner

_bearer = HTTPBearer(auto_error=False, description="The token from POST /api/v1/auth/token")
_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')
# The dependencies that only read the request are `async def`: FastAPI runs a
# plain `def` in the thread pool, a hop per dependency and per request. Those
# that touch the store stay plain `def`, off the event loop.


async def get_app(request: Request) -> CertificationApp:
    app: CertificationApp = request.app.state.certification
    return app


async def get_tokens(request: Request) -> TokenIssuer:
    tokens: TokenIssuer = request.app.state.tokens
    return tokens


async def get_limits(request: Request) -> SignInLimits:
    limits: SignInLimits = request.app.state.sign_in_limits
    return limits


async def source_address(request: Request) -> str:
    """The peer's address (behind a proxy, run uvicorn with --proxy-headers)."""
    return request.client.host if request.client else "unknown"


def unrevoked(app: CertificationApp, token: Token) -> Token:
    if app.is_revoked(token.token_id):
        raise errors.AuthenticationFailed("This token was signed out: sign in again.")
    return token


def current_token(
    tokens: Annotated[TokenIssuer, Depends(get_tokens)],
    app: Annotated[CertificationApp, Depends(get_app)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Token:
    """Any valid token that was not signed out, of whichever scope."""
    return unrevoked(app, tokens.read_any(bearer(credentials)))


def current_actor(
    tokens: Annotated[TokenIssuer, Depends(get_tokens)],
    app: Annotated[CertificationApp, Depends(get_app)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> UUID:
    if credentials is None:
        raise errors.AuthenticationFailed("Sign in first: send 'Authorization: Bearer <token>'.")
    token = unrevoked(app, tokens.read(credentials.credentials))
    app.account(token.subject)  # an account that no longer exists has no access
    return token.subject


@dataclass(frozen=True)
class Invigilating:
    """Who holds an invigilator's workspace, and of which session."""

    actor: UUID
    session_id: UUID


@dataclass(frozen=True)
class Sitting:
    """A candidate taking their test, from their pupil account."""

    candidate_id: UUID
    pupil_account: str


def bearer(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None:
        raise errors.AuthenticationFailed("Send 'Authorization: Bearer <token>'.")
    return credentials.credentials


def current_invigilator(
    tokens: Annotated[TokenIssuer, Depends(get_tokens)],
    app: Annotated[CertificationApp, Depends(get_app)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Invigilating:
    """A workspace token, valid while its session lives and its password stands."""
    token = unrevoked(app, tokens.read(bearer(credentials), INVIGILATOR))
    try:
        session_id, generation = UUID(token.claims["sid"]), int(token.claims["gen"])
    except (KeyError, ValueError):
        raise errors.AuthenticationFailed("The token names no session.") from None
    app.check_workspace(session_id, generation)
    return Invigilating(token.subject, session_id)


def current_sitting(
    tokens: Annotated[TokenIssuer, Depends(get_tokens)],
    app: Annotated[CertificationApp, Depends(get_app)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Sitting:
    token = unrevoked(app, tokens.read(bearer(credentials), CANDIDATE))
    return Sitting(token.subject, token.claims.get("acct", ""))


async def expected_version(
    if_match: Annotated[
        str | None,
        Header(description='The version read before, as returned in the ETag, e.g. "3"'),
    ] = None,
) -> int | None:
    """If-Match carries the version the client read; none means no check."""
    if if_match is None or if_match.strip() == "*":
        return None
    match = _ETAG.match(if_match)
    if match is None:
        raise errors.InvalidInput(
            'If-Match must be a version as given in the ETag, e.g. "3".', field="If-Match"
        )
    return int(match.group(1))


def stamp(response: Response, receipt: Receipt) -> None:
    """Tells the client the new version and the store position of its change."""
    response.headers["ETag"] = f'"{receipt.version}"'
    response.headers["Certif-Position"] = str(receipt.position)


def etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


class CaughtUpViews:
    """The view store, read once the read models include the position asked for.

    The check and the wait come with the first read, so a route answers its 404
    or 403 first; a position past the log's head is refused at once, and the
    wait is short (a 503 with Retry-After then tells the client to come back).
    """

    def __init__(self, service: Service, position: int | None, wait: float) -> None:
        self.store = service.views
        self.service = service
        self.position = position
        self.wait = wait
        self.deadline: float | None = None
        self.waited: set[str] = set()

    def _ready(self, projection: str) -> ViewStore:
        """Waits for the projection read only, all of a route's waits within one wait."""
        if self.position is not None and projection not in self.waited:
            if self.deadline is None:
                if self.position > self.service.app.position():
                    raise errors.InvalidInput(
                        f"Position {self.position} is past the end of the event log.",
                        field="after",
                    )
                self.deadline = time.monotonic() + self.wait
            left = max(self.deadline - time.monotonic(), 0.0)
            if not self.service.runner.wait_for(self.position, left, names=(projection,)):
                raise ReadModelBehind(self.position)
            self.waited.add(projection)
        return self.store

    def generations(self, projection: str) -> list[Generation]:
        return self.store.generations(projection)

    def create_generation(
        self, projection: str, number: int, rule_version: int, code_version: int
    ) -> None:
        self.store.create_generation(projection, number, rule_version, code_version)

    def activate(self, projection: str, number: int) -> None:
        self.store.activate(projection, number)

    def drop(self, projection: str, number: int) -> None:
        self.store.drop(projection, number)

    def transaction(
        self, projection: str, number: int, expected: int, new_position: int
    ) -> AbstractContextManager[Rows]:
        return self.store.transaction(projection, number, expected, new_position)

    def read(self, projection: str, kind: str, key: str) -> Doc | None:
        return self._ready(projection).read(projection, kind, key)

    def read_children(self, projection: str, kind: str, parent: str) -> list[Doc]:
        return self._ready(projection).read_children(projection, kind, parent)

    def read_all(self, projection: str, kind: str) -> list[Doc]:
        return self._ready(projection).read_all(projection, kind)


async def read_models(
    request: Request,
    after: Annotated[
        int | None,
        Query(
            ge=0,
            description="Wait until the read models include this position "
            "(the Certif-Position of a command)",
        ),
    ] = None,
) -> ViewStore:
    """The view store, to be read once it has caught up with the position asked for."""
    service: Service = request.app.state.service
    wait: float = request.app.state.read_wait
    return CaughtUpViews(service, after, wait)


def session_in_path(
    app: Annotated[CertificationApp, Depends(get_app)],
    session_id: Annotated[
        UUID | int, Path(description="The session's id, or its number (e.g. 4512)")
    ],
) -> UUID:
    """The session a path names, by id or by number: every ``{session_id}``
    route resolves it here; a number never given is 404, as an unknown id is."""
    return app.session_id_of(session_id)


async def get_runner(request: Request) -> ProjectionRunner:
    service: Service = request.app.state.service
    return service.runner


App = Annotated[CertificationApp, Depends(get_app)]
Invigilator = Annotated[Invigilating, Depends(current_invigilator)]
Candidate = Annotated[Sitting, Depends(current_sitting)]
Runner = Annotated[ProjectionRunner, Depends(get_runner)]
Views = Annotated[ViewStore, Depends(read_models)]
Tokens = Annotated[TokenIssuer, Depends(get_tokens)]
Actor = Annotated[UUID, Depends(current_actor)]
AnyToken = Annotated[Token, Depends(current_token)]
Limits = Annotated[SignInLimits, Depends(get_limits)]
SourceAddress = Annotated[str, Depends(source_address)]
IfMatch = Annotated[int | None, Depends(expected_version)]
SessionId = Annotated[UUID, Depends(session_in_path)]


def found(doc: dict[str, Any] | None) -> dict[str, Any]:
    """A read model's answer, or 404 while it has not seen the resource yet."""
    if doc is None:
        raise errors.NotFound("Not in the read models yet: retry with ?after=<position>.")
    return doc
