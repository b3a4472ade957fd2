"""Questions answered from the audit trail, never from the event store."""

from __future__ import annotations

import json

from projections.audit import CANDIDATE_ENTRY, ENTRY, AuditProjection
from projections.engine import Doc, ViewStore


def session_trail(views: ViewStore, session_id: str) -> list[Doc]:
    """Every event of the session, of its candidates and of its calendar slot,
    in the order the log recorded them."""
    found = views.read_children(AuditProjection.name, ENTRY, session_id)
    return sorted(found, key=lambda entry: entry["position"])


def candidate_trail(views: ViewStore, candidate_id: str) -> list[Doc]:
    """Every event of the candidate, and the session's events about them, in order."""
    found = views.read_children(AuditProjection.name, CANDIDATE_ENTRY, candidate_id)
    return sorted(found, key=lambda entry: entry["position"])


def as_json_lines(entries: list[Doc]) -> str:
    """One JSON object per line (JSON Lines), each line ending with a newline."""
    return "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in entries)
