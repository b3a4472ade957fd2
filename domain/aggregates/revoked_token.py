"""Bearer tokens voided before they expire."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

_REVOKED_NAMESPACE = UUID("c3a1f7d2-8e54-4b09-9f6e-2d7b1a0c5e93")


class RevokedToken(Aggregate):
    """A token signed out by its holder, until the time it would have expired.

    Rule it protects: a token signed out opens nothing again, in any process of
    the service. Its id is derived from the token's own id (``jti``), so that
    reading a token asks the store one question by primary key.
    """

    TOPIC = "certif:RevokedToken"

    class Event(Aggregate.Event):
        TOPIC = "certif:RevokedToken.Event"
        by: UUID
        at: datetime

    class TokenRevoked(Aggregate.Created, Event):
        TOPIC = "certif:RevokedToken.TokenRevoked"
        scope: str
        expires_at: datetime

    def __init__(self, scope: str, expires_at: datetime, by: UUID, at: datetime) -> None:
        self.scope = scope
        self.expires_at = expires_at

    @staticmethod
    def id_for(token_id: str) -> UUID:
        return uuid5(_REVOKED_NAMESPACE, token_id)

    @classmethod
    def revoke(
        cls, token_id: str, scope: str, expires_at: datetime, by: UUID, at: datetime
    ) -> RevokedToken:
        return cls._create(
            cls.TokenRevoked,
            id=cls.id_for(token_id),
            scope=scope,
            expires_at=expires_at,
            by=by,
            at=at,
        )
