"""Builds the service from settings: the application, its views, its runner."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import psycopg
from eventsourcing import persistence

from adapters.persistence.idempotency import Answers, MemoryAnswers, SqlAnswers
from adapters.persistence.memory_views import MemoryViewStore
from adapters.persistence.settings import SQLITE_PREFIX, Settings, postgres_conninfo
from adapters.persistence.views import PostgresViewStore, SqliteViewStore, SqlViewStore
from adapters.security import Argon2Hasher
from application.app import CertificationApp
from projections.audit import AuditProjection
from projections.chain import ChainProjection
from projections.eligibility import EligibilityProjection
from projections.engine import Projection, ViewStore
from projections.invigilation import InvigilationProjection
from projections.runner import ProjectionRunner
from projections.sessions import SessionsProjection

PROJECTIONS: list[type[Projection]] = [
    EligibilityProjection,
    SessionsProjection,
    AuditProjection,
    InvigilationProjection,
    ChainProjection,
]
log = logging.getLogger("certif.projections")
T = TypeVar("T")
CREATE_ATTEMPTS = 5
CREATION_RACES = (
    persistence.InternalError,
    persistence.IntegrityError,
    psycopg.errors.InternalError,
    psycopg.errors.UniqueViolation,
)


def build_application(settings: Settings) -> CertificationApp:
    hasher = Argon2Hasher(settings.argon2_time_cost, settings.argon2_memory_kib)
    return created(lambda: CertificationApp(settings.event_store_env(), hasher=hasher))


def created(make: Callable[[], T]) -> T:
    """Opens a store whose tables another process may be creating at the same
    moment: PostgreSQL then refuses one of the two (a concurrently updated
    catalog row, a duplicate type name), and trying again finds the tables."""
    for attempt in range(CREATE_ATTEMPTS):
        try:
            return make()
        except CREATION_RACES:
            if attempt == CREATE_ATTEMPTS - 1:
                raise
            time.sleep(0.1 * (attempt + 1))
    raise AssertionError("unreachable")


def build_view_store(settings: Settings) -> ViewStore:
    """Views live in the same database as the events."""
    if settings.backend == "memory":
        return MemoryViewStore()
    if settings.backend == "sqlite":
        return SqliteViewStore(str(Path(settings.database_url[len(SQLITE_PREFIX) :])))
    return created(
        lambda: PostgresViewStore(
            postgres_conninfo(settings.database_url),
            settings.postgres_schema,
            settings.postgres_pool_size,
            settings.postgres_connect_timeout,
        )
    )


def build_runner(app: CertificationApp, views: ViewStore) -> ProjectionRunner:
    return ProjectionRunner(app.recorder, app.mapper, views, PROJECTIONS, app)


@dataclass
class Service:
    """Everything a process of the service holds open."""

    app: CertificationApp
    views: ViewStore
    runner: ProjectionRunner
    answers: Answers = field(default_factory=MemoryAnswers)
    projector: EmbeddedProjector | None = None

    def close(self) -> None:
        if self.projector is not None:
            self.projector.stop()
        close = getattr(self.views, "close", None)
        if close is not None:
            close()
        self.app.close()


def build_service(
    settings: Settings, app: CertificationApp | None = None, embedded: bool | None = None
) -> Service:
    application = app or build_application(settings)
    application.pupils_per_invigilator = settings.pupils_per_invigilator
    views = build_view_store(settings)
    answers: Answers = MemoryAnswers()
    if isinstance(views, SqlViewStore):
        answers = created(lambda: SqlAnswers(views))
    service = Service(application, views, build_runner(application, views), answers)
    if embedded if embedded is not None else settings.projections == "embedded":
        service.projector = EmbeddedProjector(service.runner)
        application.on_saved.append(service.projector.poke)
        service.projector.start()
    return service


@dataclass
class EmbeddedProjector:
    """Keeps the read models current from inside the service: after every save,
    and every second in case another process wrote."""

    runner: ProjectionRunner
    interval: float = 1.0
    _wake: threading.Event = field(default_factory=threading.Event)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="projections", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                self.runner.catch_up()
            except Exception:
                log.exception("projection run failed; retrying")
            self._wake.wait(self.interval)
