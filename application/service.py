"""The application's base: the event store, the clock, saving and access."""

from __future__ import annotations

import logging
import random
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import wraps
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper
from eventsourcing.utils import Environment, EnvType

from application.copies import aggregate_copy
from application.ports import (
    SYSTEM_ACTOR,
    Clock,
    FieldsReader,
    PasswordHasher,
    StreamsReader,
    one_by_one,
    utc_now,
)
from application.sealing import CachedSubjectKeys, MemorySubjectKeys, SealingMapper, SubjectKeys
from application.transcodings import register_domain_transcodings
from domain import errors
from domain.actors import invigilator_actor
from domain.aggregates.account import Account
from domain.aggregates.candidate import Candidate
from domain.aggregates.centre import Centre
from domain.aggregates.session import Session
from domain.aggregates.session_activity import SessionActivity
from domain.pseudonyms import MIN_SECRET_BYTES, Pseudonyms
from domain.values import Role

P = ParamSpec("P")
R = TypeVar("R")
A = TypeVar("A", bound=Aggregate)

MAX_ATTEMPTS = 40
SNAPSHOT_INTERVAL = 200
"""A 1,000-event session keeps five snapshots; a replay decodes at most 199
events of the session besides its snapshot (record 0031)."""
INTERVAL = "CERTIF_SNAPSHOT_INTERVAL"
log = logging.getLogger("certif.snapshots")
OPERATORS = frozenset({Role.OPERATOR})
REVIEWERS = frozenset({Role.OPERATOR, Role.REVIEWER})
AUDITORS = frozenset({Role.OPERATOR, Role.AUDITOR})
READERS = frozenset({Role.OPERATOR, Role.REVIEWER, Role.AUDITOR})


def retried_on_conflict(method: Callable[P, R]) -> Callable[P, R]:
    """Runs a whole command again when a concurrent writer saved first.

    The second writer of an aggregate position gets the store's IntegrityError;
    running the command again reloads the aggregates, so it either succeeds on
    the new state or is refused by the rule that the other writer satisfied.
    """

    @wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(MAX_ATTEMPTS):
            try:
                return method(*args, **kwargs)
            except IntegrityError:
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311
        raise errors.ConcurrentChange("Too many concurrent changes to the same records; try again.")

    return wrapper


def mutated(aggregate: Any, events: Iterable[Any]) -> Any:
    """The aggregate after the events: the library's projector without its
    per-event check against a runtime protocol, which cost more than applying
    the event (36 µs of each event's 50 µs in a replay)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class ServiceBase(Application[UUID]):
    """Shared machinery of the use cases: loading with access checks, saving.

    A session's stream is snapshotted every ``CERTIF_SNAPSHOT_INTERVAL``
    events (``SNAPSHOT_INTERVAL`` unless set; 0 takes none), its personal
    values sealed in the snapshot as in the events (record 0031)."""

    name = "certif"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        hasher: PasswordHasher,
        clock: Clock = utc_now,
        keys: SubjectKeys | None = None,
        pseudonyms: Pseudonyms | None = None,
    ) -> None:
        durable = (env or {}).get(
            "PERSISTENCE_MODULE", "eventsourcing.popo"
        ) != "eventsourcing.popo"
        if durable and (keys is None or pseudonyms is None):
            raise ValueError("A durable event store needs its key table and pseudonym secret.")
        self.keys = CachedSubjectKeys(keys or MemorySubjectKeys())
        self.pseudonyms = pseudonyms or Pseudonyms(secrets.token_bytes(MIN_SECRET_BYTES))
        every = int((env or {}).get(INTERVAL, SNAPSHOT_INTERVAL))
        self.snapshot_every: dict[type[Any], int] = {Session: every} if every else {}
        super().__init__(env)
        self.hasher = hasher
        self.clock = clock
        self.on_saved: list[Callable[[], None]] = []
        self.read_streams: StreamsReader = one_by_one(self.recorder)
        self.read_fields: FieldsReader | None = None

    def construct_mapper(self) -> Mapper[UUID]:
        """The library's mapper (and its whole-store cipher, if configured),
        sealing each candidate's personal fields with the candidate's key."""
        plain: Mapper[UUID] = self.factory.mapper(transcoder=self.construct_transcoder())
        mapper = SealingMapper(plain.transcoder, plain.compressor, plain.cipher)
        mapper.keys = self.keys
        self.sealing = mapper
        return mapper

    def close(self) -> None:
        super().close()
        self.keys.close()

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Only the given settings configure the store, never stray process
        variables (the library would otherwise read CERTIF_* and POSTGRES_*)."""
        snapshots = "y" if self.snapshot_every else "n"
        return Environment(name, {"IS_SNAPSHOTTING_ENABLED": snapshots} | dict(env or {}))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """Snapshots the session in hand when its save reached a multiple of the
        interval (no second read of the stream), the library's way otherwise.
        The events are saved by then: a snapshot that fails is only missing,
        never a reason to fail (and so retry) the command."""
        if self.snapshots is None:
            return
        try:
            due: dict[UUID, Any] = {}
            for event in processing_event.events:
                aggregate = processing_event.aggregates.get(event.originator_id)
                interval = self.snapshot_every.get(type(aggregate))
                if aggregate is None or not interval or event.originator_version % interval:
                    continue
                due[event.originator_id] = aggregate
            # a save that crossed several multiples (a list of 2,000 candidates)
            # takes one snapshot, of the session as it holds it
            for aggregate in due.values():
                taken = getattr(type(aggregate), "Snapshot").take(aggregate)  # noqa: B009
                self.snapshots.put([taken])
        except Exception:
            log.exception("a snapshot could not be taken; the stream loads without it")

    def now(self) -> datetime:
        return self.clock()

    def commit(self, *aggregates: Aggregate | None) -> int:
        """Saves every pending event of the given aggregates in one transaction,
        then tells whoever listens (the embedded projector) that the log grew."""
        recordings = self.save(*aggregates)
        for listener in self.on_saved:
            listener()
        return recordings[-1].notification.id if recordings else self.position()

    def prepare_keys(self, subjects: Iterable[UUID]) -> None:
        """Makes the keys of many new subjects in one statement before a large
        save seals their events (the store's keys, when they can)."""
        prepare = getattr(self.keys, "prepare", None)
        if prepare is not None:
            prepare(list(subjects))

    def position(self) -> int:
        return self.recorder.max_notification_id() or 0

    def load(self, aggregate_type: type[A], aggregate_id: UUID, what: str) -> A:
        try:
            cached: Aggregate = self.repository.get(
                aggregate_id, deepcopy_from_cache=False, projector_func=mutated
            )
        except AggregateNotFoundError:
            raise errors.NotFound(f"No such {what}.") from None
        if not isinstance(cached, aggregate_type):
            raise errors.NotFound(f"No such {what}.")
        return aggregate_copy(cached)

    def load_session(self, session_id: UUID) -> Session:
        return self.load(Session, session_id, "session")

    def activity_of(self, session_id: UUID, by: UUID, at: datetime) -> SessionActivity:
        """The session's access log, opened with its first fact."""
        log_id = SessionActivity.id_for(session_id)
        if self.exists(log_id):
            return self.load(SessionActivity, log_id, "activity log")
        return SessionActivity.open(session_id, by=by, at=at)

    def exists(self, aggregate_id: UUID) -> bool:
        try:
            self.repository.get(aggregate_id, deepcopy_from_cache=False, projector_func=mutated)
        except AggregateNotFoundError:
            return False
        return True

    # Access -----------------------------------------------------------------

    def account(self, actor: UUID) -> Account:
        try:
            return self.load(Account, actor, "account")
        except errors.NotFound:
            raise errors.AuthenticationFailed("This account does not exist.") from None

    def role_of(self, actor: UUID) -> Role:
        """The actor's role; the server's own command line acts as an operator."""
        return Role.OPERATOR if actor == SYSTEM_ACTOR else self.account(actor).role

    def require_role(self, actor: UUID, roles: frozenset[Role], refusal: str) -> None:
        if self.role_of(actor) not in roles:
            raise errors.Forbidden(refusal)

    def require_operator(self, actor: UUID) -> None:
        self.require_role(actor, OPERATORS, "Only platform operators may do this.")

    def require_reviewer(self, actor: UUID) -> None:
        """Reviewers and operators review sessions and publish results."""
        self.require_role(actor, REVIEWERS, "Only reviewers and operators may do this.")

    def require_auditor(self, actor: UUID) -> None:
        """Auditors and operators check the hash chain over every centre's events."""
        self.require_role(actor, AUDITORS, "Only auditors and operators may do this.")

    def require_reader(self, actor: UUID) -> None:
        """Operators, reviewers and auditors read every centre."""
        self.require_role(
            actor, READERS, "Only operators, reviewers and auditors list every centre."
        )

    def centre_to_read(self, actor: UUID, centre_id: UUID) -> Centre:
        """The centre, for its administrators and the platform's readers (operators,
        reviewers, auditors); for anyone else it does not exist."""
        centre = self.load(Centre, centre_id, "centre")
        if centre.is_administered_by(actor) or self.role_of(actor) in READERS:
            return centre
        raise errors.NotFound("No such centre.")

    def centre_for(self, actor: UUID, centre_id: UUID) -> Centre:
        """The centre, for a change: its administrators and operators. Reviewers
        and auditors, who may read it, are refused; anyone else finds nothing."""
        centre = self.centre_to_read(actor, centre_id)
        if centre.is_administered_by(actor) or self.role_of(actor) is Role.OPERATOR:
            return centre
        raise errors.Forbidden("Reviewers and auditors read a centre's sessions; they change none.")

    def session_to_read(
        self, actor: UUID, session_id: UUID, *, deleted_too: bool = False
    ) -> Session:
        """The session for a read: as its centre, and hidden once deleted except
        to an audit (``deleted_too``)."""
        session = self.load_session(session_id)
        try:
            self.centre_to_read(actor, session.centre_id)
        except errors.NotFound:
            raise errors.NotFound("No such session.") from None
        if session.deleted and not deleted_too:
            raise errors.NotFound("No such session: it was deleted.")
        return session

    def session_for(
        self, actor: UUID, session_id: UUID, *, invigilating: bool = False
    ) -> tuple[Centre, Session]:
        """The session, if the actor administers its centre (or, for the
        invigilator's commands, holds this session's workspace)."""
        session = self.load(Session, session_id, "session")
        if invigilating and actor == invigilator_actor(session_id):
            return self.load(Centre, session.centre_id, "centre"), session
        try:
            centre = self.centre_for(actor, session.centre_id)
        except errors.NotFound:
            raise errors.NotFound("No such session.") from None
        if session.deleted:
            raise errors.NotFound("No such session: it was deleted.")
        return centre, session

    def candidate_for(
        self, actor: UUID, session_id: UUID, candidate_id: UUID, *, invigilating: bool = False
    ) -> tuple[Centre, Session, Candidate]:
        centre, session = self.session_for(actor, session_id, invigilating=invigilating)
        if not session.has_candidate(candidate_id):
            raise errors.NotFound("No such candidate in this session.")
        return centre, session, self.load(Candidate, candidate_id, "candidate")

    def candidate_to_read(self, actor: UUID, session_id: UUID, candidate_id: UUID) -> Candidate:
        session = self.session_to_read(actor, session_id)
        if not session.has_candidate(candidate_id):
            raise errors.NotFound("No such candidate in this session.")
        return self.load(Candidate, candidate_id, "candidate")


def check_version(aggregate: Aggregate, expected: int | None, what: str) -> None:
    """If-Match: refuse a change made against a version that is no longer current."""
    if expected is not None and expected != aggregate.version:
        raise errors.StaleVersion(
            f"The {what} is at version {aggregate.version}, not {expected}: "
            "reload it and apply the change again."
        )


def checked_changes(changes: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    """The fields a partial change names, refusing any the resource does not have."""
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise errors.InvalidInput(f"Unknown field: {unknown[0]}.", field=unknown[0])
    return dict(changes)
