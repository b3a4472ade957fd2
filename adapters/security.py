"""Password hashing (argon2, bounded in concurrency) and bearer tokens (signed JWT)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt
from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError

from domain import errors

TOKEN_ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iat", "sub", "jti", "scope"]


class HashingBusy(Exception):
    """Every hashing slot stayed taken while the request waited: answer 503."""


class Argon2Hasher:
    """Argon2id, the password hash recommended by OWASP. Each hash holds
    ``memory_cost`` KiB, so at most ``slots`` run at once and a request waits
    at most ``wait`` seconds for a slot: a flood of wrong passwords is refused,
    never queued until memory runs out."""

    def __init__(
        self, time_cost: int = 3, memory_cost: int = 65536, slots: int = 4, wait: float = 2.0
    ) -> None:
        self._argon2 = Argon2(time_cost=time_cost, memory_cost=memory_cost)
        self._slots = threading.BoundedSemaphore(slots)
        self._wait = wait

    def hash(self, password: str) -> str:
        with self._slot():
            return self._argon2.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        with self._slot():
            try:
                return self._argon2.verify(password_hash, password)
            except (VerificationError, InvalidHashError):
                return False

    @contextmanager
    def _slot(self) -> Iterator[None]:
        if not self._slots.acquire(timeout=self._wait):
            raise HashingBusy("Too many passwords are being checked; retry in a moment.")
        try:
            yield
        finally:
            self._slots.release()


ACCOUNT, INVIGILATOR, CANDIDATE = "account", "invigilator", "candidate"


@dataclass(frozen=True)
class Token:
    """What a valid token says: whose it is, of which scope, its own id (to
    revoke it) and when it expires."""

    subject: UUID
    scope: str
    token_id: str
    expires_at: datetime
    claims: dict[str, str] = field(default_factory=dict)


class TokenIssuer:
    """Signs and reads bearer tokens. Each has a scope: an account's, an
    invigilator's for one session, or a candidate's for their own test; a token
    of one scope opens nothing of another (403: its holder is known). Every
    token has an id and expires; one without either is refused."""

    def __init__(self, secret: str, lifetime: timedelta) -> None:
        self._secret = secret
        self.lifetime = lifetime

    def issue(self, subject: UUID, scope: str = ACCOUNT, **claims: str) -> str:
        """Tokens live on the wall clock, which is what the JWT library checks."""
        now = datetime.now(UTC)
        body = {
            "sub": str(subject),
            "scope": scope,
            "jti": uuid.uuid4().hex,
            "iat": now,
            "exp": now + self.lifetime,
        }
        return jwt.encode(claims | body, self._secret, algorithm=TOKEN_ALGORITHM)

    def read_any(self, token: str) -> Token:
        """The token's content if it is signed by us, complete and not expired."""
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[TOKEN_ALGORITHM],
                options={"require": REQUIRED_CLAIMS},
            )
            subject = UUID(str(claims["sub"]))
            expires_at = datetime.fromtimestamp(int(claims["exp"]), UTC)
        except (jwt.InvalidTokenError, KeyError, ValueError, TypeError):
            raise errors.AuthenticationFailed(
                "The token is invalid, expired or of another kind."
            ) from None
        strings = {k: v for k, v in claims.items() if isinstance(v, str)}
        return Token(subject, str(claims["scope"]), str(claims["jti"]), expires_at, strings)

    def read(self, token: str, scope: str = ACCOUNT) -> Token:
        """The token, if it is valid and of that scope."""
        read = self.read_any(token)
        if read.scope != scope:
            # a genuine token, of another kind: its holder is known, the door is not theirs
            raise errors.Forbidden(f"This route does not take {read.scope} tokens.")
        return read

    def holder(self, token: str) -> str | None:
        """Who a valid token of any scope speaks for ("scope:subject"), else None."""
        try:
            claims = jwt.decode(token, self._secret, algorithms=[TOKEN_ALGORITHM])
        except jwt.InvalidTokenError:
            return None
        subject = claims.get("sub")
        return f"{claims.get('scope', ACCOUNT)}:{subject}" if subject else None
