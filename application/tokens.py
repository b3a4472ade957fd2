"""Use cases of bearer tokens: signing out, and whether a token was voided."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from application.service import ServiceBase, retried_on_conflict
from domain.aggregates.revoked_token import RevokedToken


class TokenUseCases(ServiceBase):
    """Signing out. Rule: a revoked token stays revoked in every process; the
    revocation is data in the event store, not a set in one process's memory.
    Tokens of a workspace are also voided by renewing its password or
    deleting its session (``check_workspace``)."""

    @retried_on_conflict
    def revoke_token(self, actor: UUID, token_id: str, scope: str, expires_at: datetime) -> int:
        """Signing out twice is signing out once."""
        if self.is_revoked(token_id):
            return self.position()
        revoked = RevokedToken.revoke(token_id, scope, expires_at, by=actor, at=self.now())
        return self.commit(revoked)

    def is_revoked(self, token_id: str) -> bool:
        return self.exists(RevokedToken.id_for(token_id))
