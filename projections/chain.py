"""A hash chain over the stored events, and the check that it still holds.

Link ``n`` is ``sha256(previous || canonical(n))``, in lowercase hex, where
``previous`` is the 32 raw bytes of the link before (32 zero bytes, i.e. 64
zeros in hex, for the first link) and ``canonical(n)`` joins five fields of the
stored notification, each as an 8-byte big-endian length then its bytes:

1. the notification id (its position in the log), in ASCII decimal;
2. the originator id, ``str()`` of it in UTF-8 (for a UUID, its 36-character
   lowercase hyphenated form);
3. the originator version, in ASCII decimal;
4. the topic, in UTF-8;
5. the state, exactly as stored (compressed or encrypted bytes included).

The chain hashes the stored bytes and never decodes them, so an event whose
personal data becomes unreadable when its key is destroyed still verifies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification, StoredEvent

from domain.aggregates.centre import Centre
from domain.aggregates.profile import PupilProfile
from domain.aggregates.session import Session
from domain.aggregates.session_activity import SessionActivity
from projections.engine import Doc, Projection, Rows, ViewStore, active_generation

NAME, LINK, HEAD = "chain", "link", "head"
GENESIS = "0" * 64
PAGE = 1000
ALTERED, REMOVED, REORDERED, INSERTED = "altered", "removed", "reordered", "inserted"
REWRITTEN = "chain rewritten"
EMPTY_HEAD: Doc = {"hash": GENESIS, "position": 0}


def canonical(n: Notification) -> bytes:
    fields = (
        str(n.id).encode("ascii"),
        str(n.originator_id).encode("utf-8"),
        str(n.originator_version).encode("ascii"),
        n.topic.encode("utf-8"),
        bytes(n.state),
    )
    return b"".join(len(f).to_bytes(8, "big") + f for f in fields)


def link_hash(previous: str, n: Notification) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + canonical(n)).hexdigest()


def link_key(position: int) -> str:
    """Zero-padded, so that ordering the keys as text orders the positions."""
    return f"{position:020d}"


class ChainProjection(Projection):
    """Binds every stored event to its predecessor by a SHA-256 hash chain, so
    that an event altered, removed, reordered or slipped in after it was chained
    is detected by ``verify``; it reads the stored bytes, never the events."""

    name = NAME
    raw = True

    def apply(self, event: Notification, position: int, rows: Rows) -> None:
        previous = (rows.get(HEAD, HEAD) or EMPTY_HEAD)["hash"]
        digest = link_hash(previous, event)
        link = {
            "position": position,
            "originator_id": str(event.originator_id),
            "originator_version": event.originator_version,
            "topic": event.topic,
            "hash": digest,
            "previous": previous,
        }
        rows.put(LINK, link_key(position), link)
        rows.put(HEAD, HEAD, {"hash": digest, "position": position})


@dataclass(frozen=True)
class Scope:
    """The aggregates whose events a check reports on; None means all of them."""

    label: str
    originators: frozenset[str] | None = None

    def covers(self, *originator_ids: str) -> bool:
        return self.originators is None or any(o in self.originators for o in originator_ids)


WHOLE_STORE = Scope("whole store")


def stored(recorder: ApplicationRecorder, topics: Sequence[str] = ()) -> Iterator[Notification]:
    """Every notification in order, a page at a time; the first page starts
    unbounded so that a row slipped in below id 1 is seen too."""
    start: int | None = None
    while True:
        page = recorder.select_notifications(start=start, limit=PAGE, topics=topics)
        yield from page
        if len(page) < PAGE:
            return
        start = page[-1].id + 1


def _decoded(mapper: Mapper[Any], event: StoredEvent) -> Any | None:
    try:
        return mapper.to_domain_event(event)
    except Exception:
        return None  # a tampered event may not decode; the chain check reports it anyway


def _mentioned(
    recorder: ApplicationRecorder,
    mapper: Mapper[Any],
    originator: UUID,
    topics: Sequence[str],
    attribute: str,
) -> set[str]:
    """The ids that the aggregate's own events of these topics name in ``attribute``."""
    found: set[str] = set()
    for event in recorder.select_events(originator):
        decoded = _decoded(mapper, event) if event.topic in topics else None
        value = getattr(decoded, attribute, None)
        if value is not None:
            found.add(str(value))
    return found


def session_scope(recorder: ApplicationRecorder, mapper: Mapper[Any], session_id: UUID) -> Scope:
    """The session, its access log and every candidate its roster ever named. The roster events
    carry no personal data, so they still decode after a pupil's data is erased."""
    enrolled = (Session.CandidateEnrolled.TOPIC,)
    members = {str(session_id), str(SessionActivity.id_for(session_id))}
    members |= _mentioned(recorder, mapper, session_id, enrolled, "candidate_id")
    return Scope(f"session {session_id}", frozenset(members))


def centre_scope(recorder: ApplicationRecorder, mapper: Mapper[Any], centre_id: UUID) -> Scope:
    """The centre, every session it ever scheduled with their candidates, and
    the pupil profiles opened in it."""
    members = {str(centre_id)}
    scheduled = (Centre.SessionScheduled.TOPIC,)
    for session in _mentioned(recorder, mapper, centre_id, scheduled, "session_id"):
        members |= session_scope(recorder, mapper, UUID(session)).originators or set()
    for n in stored(recorder, (PupilProfile.ProfileOpened.TOPIC,)):
        opened = _decoded(mapper, n)
        if str(getattr(opened, "centre_id", "")) == str(centre_id):
            members.add(str(n.originator_id))
    return Scope(f"centre {centre_id}", frozenset(members))


@dataclass(frozen=True)
class Problem:
    position: int
    originator_id: str
    originator_version: int
    topic: str
    kind: str
    detail: str


@dataclass(frozen=True)
class Verdict:
    scope: str
    checked: int
    unchained: int
    head_position: int
    head_hash: str
    problem: Problem | None

    @property
    def intact(self) -> bool:
        return self.problem is None

    def summary(self) -> str:
        p = self.problem
        if p is not None:
            return (
                f"chain broken at position {p.position} (aggregate {p.originator_id} "
                f"v{p.originator_version}, topic {p.topic}): {p.kind} - {p.detail}"
            )
        waiting = f"; {self.unchained} not yet chained" if self.unchained else ""
        return (
            f"chain intact: {self.checked} events checked ({self.scope}); "
            f"head {self.head_hash} at position {self.head_position}{waiting}"
        )


class Seen(NamedTuple):
    position: int
    originator_id: str
    originator_version: int
    topic: str

    @property
    def key(self) -> tuple[str, int]:
        return self.originator_id, self.originator_version

    def problem(self, kind: str, detail: str) -> Problem:
        return Problem(*self, kind=kind, detail=detail)


def _from_link(link: Doc) -> Seen:
    return Seen(link["position"], link["originator_id"], link["originator_version"], link["topic"])


class _Audit:
    """One pass over the store against the links; problems are sorted out at the end."""

    def __init__(self, links: dict[int, Doc], chained: int, scope: Scope) -> None:
        self.links, self.chained, self.scope = links, chained, scope
        self.chained_at = {_from_link(link).key: p for p, link in links.items()}
        self.store: dict[int, Seen] = {}
        self.where: dict[tuple[str, int], int] = {}
        self.mismatched: list[Seen] = []
        self.checked = self.unchained = 0

    def see(self, n: Notification) -> None:
        seen = Seen(n.id, str(n.originator_id), n.originator_version, n.topic)
        self.where[seen.key] = n.id
        if n.id > self.chained:
            self.unchained += 1 if self.scope.covers(seen.originator_id) else 0
            return
        self.store[n.id] = seen
        link = self.links.get(n.id)
        if self.scope.covers(seen.originator_id, link["originator_id"] if link else ""):
            self.checked += 1
        if link is not None and link_hash(link["previous"], n) != link["hash"]:
            self.mismatched.append(seen)

    def problems(self) -> list[Problem]:
        found = [self._changed(seen) for seen in self.mismatched]
        for position, link in self.links.items():
            if position not in self.store:
                found.append(self._moved_or(_from_link(link), REMOVED, "is no longer stored"))
        for position, seen in self.store.items():
            if position not in self.links:
                found.append(self._inserted(seen))
        return [p for p in found if self._in_scope(p)]

    def _changed(self, seen: Seen) -> Problem:
        chained = _from_link(self.links[seen.position])
        if seen.key != chained.key:
            now = f"{seen.originator_id} v{seen.originator_version}"
            return self._moved_or(chained, ALTERED, f"is now stored as {now}")
        if seen.topic != chained.topic:
            return chained.problem(ALTERED, f"its topic is now {seen.topic}")
        return chained.problem(ALTERED, "its stored bytes differ from those chained")

    def _moved_or(self, chained: Seen, kind: str, detail: str) -> Problem:
        elsewhere = self.where.get(chained.key)
        if elsewhere is not None and elsewhere != chained.position:
            return chained.problem(REORDERED, f"it is now stored at position {elsewhere}")
        return chained.problem(kind, f"the event chained here {detail}")

    def _inserted(self, seen: Seen) -> Problem:
        chained_at = self.chained_at.get(seen.key)
        if chained_at is not None:
            return seen.problem(REORDERED, f"it was chained at position {chained_at}")
        return seen.problem(INSERTED, "this event is below the chain head but was never chained")

    def _in_scope(self, problem: Problem) -> bool:
        link = self.links.get(problem.position)
        stored_here = self.store.get(problem.position)
        return self.scope.covers(
            problem.originator_id,
            link["originator_id"] if link else "",
            stored_here.originator_id if stored_here else "",
        )


def _rewritten(links: dict[int, Doc], head: Doc) -> list[Problem]:
    """Links that no longer follow each other: the chain's own rows were changed."""
    found: list[Problem] = []
    previous = GENESIS
    for position in sorted(links):
        link = links[position]
        if link["previous"] != previous:
            found.append(
                _from_link(link).problem(REWRITTEN, "its link does not follow the one before")
            )
        previous = link["hash"]
    if (head["hash"], head["position"]) != (previous, max(links, default=0)):
        found.append(
            Problem(head["position"], "", 0, "", REWRITTEN, "the head is not the last link")
        )
    return found


def verify(recorder: ApplicationRecorder, views: ViewStore, scope: Scope = WHOLE_STORE) -> Verdict:
    """Recomputes the whole chain against the store and reports its first problem
    touching the scope; events stored after the chain's position are not yet chained.
    The chain's rows are read in several queries: a problem seen while the chain
    moved on meanwhile is checked again on rows that stood still."""
    for _ in range(RETRIES_WHILE_MOVING):
        before = chain_position(views)
        verdict = verify_once(recorder, views, scope)
        if verdict.intact or chain_position(views) == before:
            return verdict
    return verdict


RETRIES_WHILE_MOVING = 5


def chain_position(views: ViewStore) -> int:
    generation = active_generation(views, NAME)
    return generation.position if generation else 0


def verify_once(recorder: ApplicationRecorder, views: ViewStore, scope: Scope) -> Verdict:
    chained = chain_position(views)
    links = {int(doc["position"]): doc for doc in views.read_all(NAME, LINK)}
    head = views.read(NAME, HEAD, HEAD) or EMPTY_HEAD
    audit = _Audit(links, chained, scope)
    for n in stored(recorder):
        audit.see(n)
    problems = audit.problems() + _rewritten(links, head)
    first = min(problems, key=lambda p: p.position, default=None)
    return Verdict(
        scope.label, audit.checked, audit.unchained, head["position"], head["hash"], first
    )
