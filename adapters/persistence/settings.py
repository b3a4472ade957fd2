"""Configuration, validated once at start-up, and the event store it selects."""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SQLITE_PREFIX = "sqlite:///"
MEMORY_URL = "memory://"


class Settings(BaseSettings):
    """Every setting has a default that runs the service on an SQLite file;
    ``CERTIF_DATABASE_URL=postgresql://…`` selects PostgreSQL."""

    model_config = SettingsConfigDict(env_prefix="CERTIF_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///data/certif.sqlite3",
        description="sqlite:///<file>, postgresql://user:password@host:port/db, or memory://",
    )
    postgres_schema: str = Field(default="", description="PostgreSQL schema (default: public)")
    data_dir: Path = Path("data")
    secret_key: SecretStr | None = Field(
        default=None, description="Signs bearer tokens; generated into the data folder if unset"
    )
    token_lifetime_minutes: int = Field(default=480, ge=1, le=7 * 24 * 60)
    argon2_time_cost: int = Field(default=3, ge=1, le=10)
    argon2_memory_kib: int = Field(default=65536, ge=64, le=1048576)
    aggregate_cache_size: int = Field(default=10000, ge=0)
    projections: Literal["embedded", "workers"] = Field(
        default="embedded",
        description="embedded: the service keeps its read models current itself; "
        "workers: `certif project` processes do (PostgreSQL)",
    )
    read_wait_seconds: float = Field(
        default=0.5,
        ge=0,
        le=5,
        description="How long a read with ?after= waits for the read models before a 503",
    )
    postgres_pool_size: int = Field(
        default=5, ge=1, le=100, description="PostgreSQL connections each process keeps open"
    )
    postgres_max_overflow: int = Field(
        default=5, ge=0, le=100, description="Extra PostgreSQL connections a process may open"
    )
    postgres_connect_timeout: int = Field(
        default=2,
        ge=1,
        le=30,
        description="Seconds to wait for a PostgreSQL connection before a try fails",
    )
    max_body_bytes: int = Field(
        default=1_000_000, ge=1024, description="Largest request body; larger ones answer 413"
    )
    max_upload_bytes: int = Field(
        default=4_000_000, ge=1024, description="Largest CSV file sent to a bulk route"
    )
    idempotency_hours: int = Field(
        default=24, ge=1, le=24 * 30, description="How long an Idempotency-Key's answer is kept"
    )
    pupils_per_invigilator: int = Field(
        default=20, ge=1, le=500, description="A session starts with one invigilator per N"
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if value == MEMORY_URL or value.startswith(SQLITE_PREFIX):
            return value
        if urlsplit(value).scheme in ("postgresql", "postgres"):
            return value
        raise ValueError("use sqlite:///<file>, postgresql://… or memory://")

    @property
    def backend(self) -> str:
        if self.database_url == MEMORY_URL:
            return "memory"
        return "sqlite" if self.database_url.startswith(SQLITE_PREFIX) else "postgresql"

    @property
    def token_lifetime(self) -> timedelta:
        return timedelta(minutes=self.token_lifetime_minutes)

    def event_store_env(self) -> dict[str, str]:
        """The eventsourcing library's environment for the chosen backend."""
        env = {"AGGREGATE_CACHE_MAXSIZE": str(self.aggregate_cache_size)}
        if self.backend == "memory":
            env["PERSISTENCE_MODULE"] = "eventsourcing.popo"
        elif self.backend == "sqlite":
            path = Path(self.database_url[len(SQLITE_PREFIX) :])
            path.parent.mkdir(parents=True, exist_ok=True)
            owner_only(path)
            env |= {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
        else:
            env |= postgres_env(self.database_url, self.postgres_schema)
            env["POSTGRES_POOL_SIZE"] = str(self.postgres_pool_size)
            env["POSTGRES_MAX_OVERFLOW"] = str(self.postgres_max_overflow)
            env["POSTGRES_CONNECT_TIMEOUT"] = str(self.postgres_connect_timeout)
        return env

    def token_secret(self) -> str:
        """The configured secret, or one kept in the data folder across restarts."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        path = self.data_dir / "secret.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_owner_only(path, secrets.token_urlsafe(48))
        return path.read_text().strip()


def owner_only(path: Path) -> None:
    """Creates the file readable and writable by its owner alone, if it is new."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def write_owner_only(path: Path, text: str) -> None:
    """Writes a new file that is owner-only from its first byte (no chmod afterwards);
    a file that another process created first is kept."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w") as file:
        file.write(text)


def postgres_conninfo(url: str) -> str:
    """The URL as psycopg takes it (it does not know the 'postgres' scheme alias)."""
    return "postgresql" + url[url.index(":") :]


def postgres_env(url: str, schema: str) -> dict[str, str]:
    parts = urlsplit(url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": parts.path.lstrip("/") or "postgres",
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_POOL_SIZE": "5",
        "POSTGRES_MAX_OVERFLOW": "5",
        # a connection is checked when taken from the pool: broken ones are discarded
        "POSTGRES_PRE_PING": "y",
    }
