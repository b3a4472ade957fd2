"""Password hashing (argon2) and bearer tokens (signed JWT)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt
from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError

from domain import errors

TOKEN_ALGORITHM = "HS256"


class Argon2Hasher:
    """Argon2id, the password hash recommended by OWASP."""

    def __init__(self, time_cost: int = 3, memory_cost: int = 65536) -> None:
        self._argon2 = Argon2(time_cost=time_cost, memory_cost=memory_cost)

    def hash(self, password: str) -> str:
        return self._argon2.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


ACCOUNT, INVIGILATOR, CANDIDATE = "account", "invigilator", "candidate"


class TokenIssuer:
    """Signs and reads bearer tokens. Each has a scope: an account's, an
    invigilator's for one session, or a candidate's for their own test; a token
    of one scope opens nothing of another."""

    def __init__(self, secret: str, lifetime: timedelta) -> None:
        self._secret = secret
        self.lifetime = lifetime

    def issue(self, subject: UUID, scope: str = ACCOUNT, **claims: str) -> str:
        """Tokens live on the wall clock, which is what the JWT library checks."""
        now = datetime.now(UTC)
        body = {"sub": str(subject), "scope": scope, "iat": now, "exp": now + self.lifetime}
        return jwt.encode(body | claims, self._secret, algorithm=TOKEN_ALGORITHM)

    def read(self, token: str, scope: str = ACCOUNT) -> tuple[UUID, dict[str, str]]:
        """The subject and the other claims, if the token is valid and of that scope."""
        refusal = errors.AuthenticationFailed("The token is invalid, expired or of another kind.")
        try:
            claims = jwt.decode(token, self._secret, algorithms=[TOKEN_ALGORITHM])
            subject = UUID(str(claims["sub"]))
        except (jwt.InvalidTokenError, KeyError, ValueError):
            raise refusal from None
        if claims.get("scope", ACCOUNT) != scope:
            raise refusal
        return subject, {k: str(v) for k, v in claims.items() if isinstance(v, str)}

    def holder(self, token: str) -> str | None:
        """Who a valid token of any scope speaks for ("scope:subject"), else None."""
        try:
            claims = jwt.decode(token, self._secret, algorithms=[TOKEN_ALGORITHM])
        except jwt.InvalidTokenError:
            return None
        subject = claims.get("sub")
        return f"{claims.get('scope', ACCOUNT)}:{subject}" if subject else None
