"""The application's base: the event store, the clock, saving and access."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import wraps
from typing import Any, ParamSpec, TypeVar
from uuid import UUID, uuid5

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder
from eventsourcing.utils import Environment, EnvType

from application.ports import SYSTEM_ACTOR, Clock, PasswordHasher, utc_now
from application.transcodings import register_domain_transcodings
from domain import errors
from domain.aggregates.account import Account
from domain.aggregates.candidate import Candidate
from domain.aggregates.centre import Centre
from domain.aggregates.session import Session
from domain.aggregates.session_activity import SessionActivity
from domain.values import Role

P = ParamSpec("P")
R = TypeVar("R")
A = TypeVar("A", bound=Aggregate)

MAX_ATTEMPTS = 40
INVIGILATOR_NAMESPACE = UUID("8e0c5f2a-4b7d-4e19-9a63-0d2f6c1b7e55")


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


class ServiceBase(Application[UUID]):
    """Shared machinery of the use cases: loading with access checks, saving."""

    name = "certif"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        hasher: PasswordHasher,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(env)
        self.hasher = hasher
        self.clock = clock
        self.on_saved: list[Callable[[], None]] = []

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Only the given settings configure the store, never stray process
        variables (the library would otherwise read CERTIF_* and POSTGRES_*)."""
        return Environment(name, dict(env or {}))

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    def now(self) -> datetime:
        return self.clock()

    def commit(self, *aggregates: Aggregate | None) -> int:
        """Saves every pending event of the given aggregates in one transaction,
        then tells whoever listens (the embedded projector) that the log grew."""
        recordings = self.save(*aggregates)
        for listener in self.on_saved:
            listener()
        return recordings[-1].notification.id if recordings else self.position()

    def position(self) -> int:
        return self.recorder.max_notification_id() or 0

    def load(self, aggregate_type: type[A], aggregate_id: UUID, what: str) -> A:
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise errors.NotFound(f"No such {what}.") from None
        if not isinstance(aggregate, aggregate_type):
            raise errors.NotFound(f"No such {what}.")
        return aggregate

    def load_session(self, session_id: UUID) -> Session:
        return self.load(Session, session_id, "session")

    def activity_of(self, session_id: UUID, by: UUID, at: datetime) -> SessionActivity:
        """The session's access log, opened with its first fact."""
        log_id = SessionActivity.id_for(session_id)
        if self.exists(log_id):
            return self.load(SessionActivity, log_id, "activity log")
        return SessionActivity.open(session_id, by=by, at=at)

    def exists(self, aggregate_id: UUID) -> bool:
        return aggregate_id in self.repository

    # Access -----------------------------------------------------------------

    def account(self, actor: UUID) -> Account:
        try:
            return self.load(Account, actor, "account")
        except errors.NotFound:
            raise errors.AuthenticationFailed("This account does not exist.") from None

    def require_operator(self, actor: UUID) -> None:
        if actor != SYSTEM_ACTOR and not self.account(actor).is_operator:
            raise errors.Forbidden("Only platform operators may do this.")

    def require_reviewer(self, actor: UUID) -> None:
        """Reviewers and operators review sessions and publish results."""
        if actor == SYSTEM_ACTOR:
            return
        if self.account(actor).role not in (Role.OPERATOR, Role.REVIEWER):
            raise errors.Forbidden("Only reviewers and operators may do this.")

    def centre_for(self, actor: UUID, centre_id: UUID) -> Centre:
        """The centre, if the actor administers it; otherwise it does not exist."""
        centre = self.load(Centre, centre_id, "centre")
        if actor == SYSTEM_ACTOR or centre.is_administered_by(actor):
            return centre
        if self.account(actor).is_operator:
            return centre
        raise errors.NotFound("No such centre.")

    def is_reviewer(self, actor: UUID) -> bool:
        """Reviewers read every session they may have to review, and change none."""
        return actor != SYSTEM_ACTOR and self.account(actor).role is Role.REVIEWER

    def session_to_read(self, actor: UUID, session_id: UUID) -> Session:
        """The session for a read: its centre's administrators, operators, reviewers."""
        if self.exists(session_id) and self.is_reviewer(actor):
            session = self.load_session(session_id)
            if not session.deleted:
                return session
        return self.session_for(actor, session_id)[1]

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


def invigilator_actor(session_id: UUID) -> UUID:
    """Who acts in the invigilator's workspace of a session, in its events."""
    return uuid5(INVIGILATOR_NAMESPACE, session_id.hex)


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
