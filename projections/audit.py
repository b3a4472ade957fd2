"""The audit trail: every event of a session and of its candidates, in order,
with who acted, when, and a sentence in French that a person can read
(``projections.audit_descriptions``).

The projection listens to exactly the events it can describe (``DESCRIBERS``),
plus the opening of accounts, whose display names say who acted. Who acted is
always named: an account by its display name, the invigilator by their
session, a pupil by their name (sealed like every personal value, so it reads
``[effacé]`` once erased).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from uuid import UUID

from domain.actors import invigilator_actor
from domain.aggregates.account import Account
from domain.aggregates.candidate import Candidate
from domain.aggregates.centre import Centre
from domain.aggregates.session import Session
from domain.aggregates.session_activity import SessionActivity
from domain.personal import erased_twin
from domain.values import ERASED
from projections.audit_descriptions import (
    CANDIDATE,
    DESCRIBERS,
    SESSION,
    details_of,
    digests_of,
    full_name,
)
from projections.engine import Doc, Projection, Rows, personal

ENTRY, CANDIDATE_ENTRY = "entry", "candidate-entry"
ACCOUNT = "account"
COMMAND_LINE = UUID(int=0)
"""The actor of commands run at the command line (application.ports.SYSTEM_ACTOR,
which a projection may not import)."""
COMMAND_LINE_NAME = "l'opérateur en ligne de commande"


def subject_of(event: Any, rows: Rows) -> tuple[str | None, str | None]:
    """The session the event belongs to, and the candidate it concerns if any."""
    if isinstance(event, Candidate.CandidateAdded):
        return str(event.session_id), str(event.originator_id)
    if isinstance(event, Candidate.Event):
        known = rows.get(CANDIDATE, str(event.originator_id))
        return (known["session_id"] if known else None), str(event.originator_id)
    if isinstance(event, SessionActivity.Event):
        candidate_id = getattr(event, "candidate_id", None)
        return str(event.session_id), (str(candidate_id) if candidate_id else None)
    if isinstance(event, Centre.Event):
        session_id = getattr(event, "session_id", None)  # only calendar events concern one
        return (str(session_id) if session_id else None), None
    report = getattr(event, "report", None)  # incident and fraud reports name theirs inside
    candidate_id = getattr(event, "candidate_id", None) or getattr(report, "candidate_id", None)
    return str(event.originator_id), (str(candidate_id) if candidate_id else None)


def entry_of(
    event: Any,
    position: int,
    description: str,
    session_id: str,
    candidate_id: str | None,
    rows: Rows,
) -> Doc:
    known = rows.get(CANDIDATE, candidate_id) if candidate_id else None
    return {
        "position": position,
        "event": type(event).__name__,
        "topic": type(event).TOPIC,
        "aggregate_id": str(event.originator_id),
        "version": event.originator_version,
        "by": str(event.by),
        "by_name": actor_name(event.by, rows, session_id),
        "at": event.at.isoformat(),
        "description": description,
        "session_id": session_id,
        "candidate_id": candidate_id,
        "candidate_name": known["name"] if known else None,  # sealed as in the row
    }


def actor_name(actor: UUID, rows: Rows, session_id: str) -> Any:
    """Who acted, in words, never a bare id; a pupil's name stays sealed as in
    their row."""
    if actor == COMMAND_LINE:
        return COMMAND_LINE_NAME
    if actor == invigilator_of(session_id):
        session = rows.get(SESSION, session_id) or {}
        number = session.get("number")  # none for sessions stored before numbers
        return f"le surveillant de la session {number or session_id[:8]}"
    pupil = rows.get(CANDIDATE, str(actor))
    if pupil is not None:
        return pupil["name"]
    account = rows.get(ACCOUNT, str(actor))
    return account["display_name"] if account else f"compte #{str(actor)[:8]}"


@lru_cache(maxsize=4096)
def invigilator_of(session_id: str) -> UUID:
    return invigilator_actor(UUID(session_id))


def remember(event: Any, rows: Rows) -> None:
    """Keeps what later descriptions compare with: a session's details, and a
    candidate's session, name and a digest of each of their details."""
    if isinstance(event, Session.SessionCreated | Session.SessionDetailsChanged):
        session_id = str(event.originator_id)
        before = rows.get(SESSION, session_id) or {}
        number = getattr(event, "number", before.get("number"))
        rows.put(SESSION, session_id, details_of(event.details) | {"number": number})
    elif isinstance(event, Candidate.CandidateAdded | Candidate.CandidateDetailsChanged):
        candidate_id = str(event.originator_id)
        before = rows.get(CANDIDATE, candidate_id) or {}
        session_id = str(getattr(event, "session_id", before.get("session_id")))
        doc = {
            "session_id": session_id,
            "name": personal(candidate_id, full_name(event.personal)),
            "digests": personal(candidate_id, digests_of(candidate_id, event), {}),
        }
        rows.put(CANDIDATE, candidate_id, doc, parent=session_id)


class ErasedNames:
    """The rows as a description reads them once a candidate is erased."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows

    def get(self, kind: str, key: str) -> Doc | None:
        found = self.rows.get(kind, key)
        if kind == CANDIDATE and found is not None:
            return found | {"name": ERASED, "digests": {}}
        return found

    def put(self, kind: str, key: str, doc: Doc, parent: str = "") -> None:
        raise RuntimeError("A description only reads the rows.")

    def delete(self, kind: str, key: str) -> None:
        raise RuntimeError("A description only reads the rows.")

    def children(self, kind: str, parent: str) -> list[Doc]:
        return self.rows.children(kind, parent)


class AuditProjection(Projection):
    """One entry per event of a session, of its candidates and of its centre's
    calendar, keyed by log position so that an event applied again overwrites
    its own entry instead of adding one. Descriptions name candidates (this
    read model is rebuilt after an erasure) but never show an email or another
    personal value: a changed detail is named by its field only."""

    name = "audit"
    version = 5  # 3: in French, naming the invigilator and pupils who act; 4: by session
    # number; 5: cancelled presences
    topics = (
        *(event_class.TOPIC for event_class in DESCRIBERS),
        Account.AccountOpened.TOPIC,
    )

    def apply(self, event: Any, position: int, rows: Rows) -> None:
        if isinstance(event, Account.AccountOpened):
            rows.put(ACCOUNT, str(event.originator_id), {"display_name": event.display_name})
            return
        session_id, candidate_id = subject_of(event, rows)
        describe = DESCRIBERS.get(type(event))
        if session_id is None or describe is None:
            return  # no session's business, or a candidate this generation never saw added
        description: Any = describe(event, rows)
        if candidate_id is not None:
            # what the entry will say once the candidate's key is destroyed
            erased = describe(erased_twin(event), ErasedNames(rows))
            description = personal(candidate_id, description, erased)
        remember(event, rows)
        entry = entry_of(event, position, description, session_id, candidate_id, rows)
        key = f"{position:020d}"
        rows.put(ENTRY, key, entry, parent=session_id)
        if candidate_id is not None:
            rows.put(CANDIDATE_ENTRY, key, entry, parent=candidate_id)
