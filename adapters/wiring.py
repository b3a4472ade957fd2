"""Builds the service from settings: the application, its views, its runner."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import psycopg
from eventsourcing import persistence

from adapters.persistence.doc_codec import DocCodec
from adapters.persistence.idempotency import Answers, MemoryAnswers, SqlAnswers
from adapters.persistence.keys import PostgresSubjectKeys, SqliteSubjectKeys
from adapters.persistence.leases import AllLeases, PostgresLeases
from adapters.persistence.memory_views import MemoryViewStore
from adapters.persistence.settings import Settings, derived_key, postgres_conninfo
from adapters.persistence.streams import fields_reader, streams_reader
from adapters.persistence.views import PostgresViewStore, SqliteViewStore, SqlViewStore
from adapters.projector import Leases, Projector
from adapters.security import Argon2Hasher
from application.app import CertificationApp
from application.ports import Clock, PasswordHasher, utc_now
from application.sealing import MemorySubjectKeys, Sealer, SubjectKeys
from domain.pseudonyms import Pseudonyms
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


def build_application(
    settings: Settings, *, hasher: PasswordHasher | None = None, clock: Clock | None = None
) -> CertificationApp:
    """The application on the configured store, with its table of keys and
    the pseudonyms derived from the personal-data secret."""
    master = settings.personal_data_master()
    pseudonyms = Pseudonyms(derived_key(master, "pseudonyms"))
    # each try has its own key table: an application that failed to open
    # closes what it holds when it is collected
    app = created(
        lambda: CertificationApp(
            settings.event_store_env(),
            hasher=hasher or default_hasher(settings),
            clock=clock or utc_now,
            keys=build_key_table(settings, derived_key(master, "key-wrapping")),
            pseudonyms=pseudonyms,
        )
    )
    app.read_streams = streams_reader(app.recorder)
    app.read_fields = fields_reader(app.recorder, app.mapper)
    return app


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


def default_hasher(settings: Settings) -> Argon2Hasher:
    """Argon2 with the settings' costs, at most ``hashing_slots`` at a time."""
    return Argon2Hasher(
        settings.argon2_time_cost,
        settings.argon2_memory_kib,
        slots=settings.hashing_slots,
        wait=settings.hashing_wait_seconds,
    )


def build_key_table(settings: Settings, wrapping_key: bytes) -> SubjectKeys:
    if settings.backend == "memory":
        return MemorySubjectKeys()
    if settings.backend == "sqlite":
        settings.sqlite_path().parent.mkdir(parents=True, exist_ok=True)
        return SqliteSubjectKeys(str(settings.sqlite_path()), wrapping_key)
    conninfo = postgres_conninfo(settings.database_url)
    return created(
        lambda: PostgresSubjectKeys(
            conninfo,
            settings.postgres_schema,
            wrapping_key,
            settings.postgres_pool_size,
            settings.postgres_connect_timeout,
        )
    )


def build_view_store(settings: Settings, app: CertificationApp) -> ViewStore:
    """Views live in the same database as the events; their personal values
    are sealed with the same keys as the events'."""
    codec = DocCodec(Sealer(app.keys))
    if settings.backend == "memory":
        return MemoryViewStore(codec)
    if settings.backend == "sqlite":
        return SqliteViewStore(str(settings.sqlite_path()), codec)
    return created(
        lambda: PostgresViewStore(
            postgres_conninfo(settings.database_url),
            settings.postgres_schema,
            codec,
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
    projector: Projector | None = None

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
    views = build_view_store(settings, application)
    answers: Answers = MemoryAnswers()
    if isinstance(views, SqlViewStore):
        answers = created(lambda: SqlAnswers(views))
    service = Service(application, views, build_runner(application, views), answers)
    if embedded if embedded is not None else settings.projections == "embedded":
        service.projector = Projector(service.runner, build_leases(settings))
        application.on_saved.append(service.projector.poke)
        service.projector.start()
    return service


def build_leases(settings: Settings) -> Leases:
    """On PostgreSQL each projection is run by one process at a time; on SQLite
    (one process is the rule) and in memory this process runs them all."""
    if settings.backend != "postgresql":
        return AllLeases()
    conninfo = postgres_conninfo(settings.database_url)
    return PostgresLeases(conninfo, settings.postgres_schema, settings.postgres_connect_timeout)
