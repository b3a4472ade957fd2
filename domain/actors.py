"""Who acts when no account does: the invigilator's workspace of a session.

Its id is derived from the session's, so that every event the workspace
records names the same actor and the audit trail can say whose it is."""

from __future__ import annotations

from uuid import UUID, uuid5

INVIGILATOR_NAMESPACE = UUID("8e0c5f2a-4b7d-4e19-9a63-0d2f6c1b7e55")


def invigilator_actor(session_id: UUID) -> UUID:
    """Who acts in the invigilator's workspace of a session, in its events."""
    return uuid5(INVIGILATOR_NAMESPACE, session_id.hex)
