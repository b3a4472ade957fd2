"""Configuration, validated once at start-up, and the event store it selects."""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from limits import parse_many
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LIMIT_STORAGES = frozenset(
    {"memory", "redis", "rediss", "redis+unix", "redis+sentinel", "redis+cluster"}
)
SUBJECT_LIMITS = "5/minute;10/10 minutes;20/hour;50/day"
ADDRESS_LIMITS = "50/minute;100/10 minutes;300/hour;1000/day"
SQLITE_PREFIX = "sqlite:///"
MEMORY_URL = "memory://"


class Settings(BaseSettings):
    """Every setting has a default that runs the service on an SQLite file;
    ``CERTIF_DATABASE_URL=postgresql://…`` selects PostgreSQL. The server and
    every command read the environment, then a ``.env`` file in the current
    folder (the project folder), so that they all open the same store."""

    model_config = SettingsConfigDict(
        env_prefix="CERTIF_", extra="ignore", env_file=".env", env_file_encoding="utf-8"
    )

    database_url: str = Field(
        default="sqlite:///data/certif.sqlite3",
        description="sqlite:///<file>, postgresql://user:password@host:port/db, or memory://",
    )
    postgres_schema: str = Field(default="", description="PostgreSQL schema (default: public)")
    data_dir: Path = Path("data")
    secret_key: SecretStr | None = Field(
        default=None, description="Signs bearer tokens; generated into the data folder if unset"
    )
    personal_data_secret: SecretStr | None = Field(
        default=None,
        description="Wraps the candidates' keys and keys their pseudonyms (at least 32 "
        "characters); generated into the data folder if unset. Keep it outside the database "
        "and its backups: without it, no personal data can be read.",
    )
    store_encryption_key: SecretStr | None = Field(
        default=None,
        description="Encrypts every stored event at rest with AES-256-GCM (base64 of 32 bytes, "
        "e.g. from `certif new-store-key`); unset: events are stored in clear, except "
        "personal data, which is always sealed",
    )
    token_lifetime_minutes: int = Field(default=480, ge=1, le=7 * 24 * 60)
    secure_cookies: bool = Field(
        default=False,
        description="Marks the pages' cookies Secure (sent over HTTPS only): set it "
        "wherever the service is reached through HTTPS",
    )
    argon2_time_cost: int = Field(default=3, ge=1, le=10)
    argon2_memory_kib: int = Field(default=65536, ge=64, le=1048576)
    hashing_slots: int = Field(
        default=4, ge=1, le=64, description="Passwords hashed at once (each takes argon2's memory)"
    )
    hashing_wait_seconds: float = Field(
        default=2.0, ge=0, le=30, description="How long a sign-in waits for a hashing slot"
    )
    rate_limit_storage: str = Field(
        default="memory://",
        description="Where sign-in limits are counted: memory:// (this process) or "
        "redis://host:port shared by several processes",
    )
    sign_in_limits_per_subject: str = Field(
        default=SUBJECT_LIMITS,
        description="Failed sign-ins allowed for one account or session from one address",
    )
    sign_in_limits_per_address: str = Field(
        default=ADDRESS_LIMITS, description="Failed sign-ins allowed from one address in all"
    )
    aggregate_cache_size: int = Field(default=10000, ge=0)
    snapshot_interval: int = Field(
        default=200,
        ge=0,
        description="A session's stream is snapshotted every N events and loads from its "
        "last snapshot; 0 takes none and reads whole streams",
    )
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

    @field_validator("rate_limit_storage")
    @classmethod
    def _known_storage(cls, value: str) -> str:
        if urlsplit(value).scheme not in LIMIT_STORAGES:
            raise ValueError("use memory:// or redis://host:port")
        return value

    @field_validator("sign_in_limits_per_subject", "sign_in_limits_per_address")
    @classmethod
    def _known_limits(cls, value: str) -> str:
        try:
            parse_many(value)
        except ValueError as exc:
            raise ValueError(f"limits such as '5/minute;20/hour': {exc}") from None
        return value

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
        env = {
            "AGGREGATE_CACHE_MAXSIZE": str(self.aggregate_cache_size),
            "CERTIF_SNAPSHOT_INTERVAL": str(self.snapshot_interval),
        }
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
        if self.store_encryption_key is not None:
            env |= {
                "CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher",
                "CIPHER_KEY": self.store_encryption_key.get_secret_value(),
            }
        return env

    def personal_data_master(self) -> bytes:
        """The configured personal-data secret, or one kept in the data folder."""
        if self.personal_data_secret is not None:
            value = self.personal_data_secret.get_secret_value()
            if len(value) < 32:
                raise ValueError("CERTIF_PERSONAL_DATA_SECRET needs at least 32 characters")
            return value.encode()
        return kept_secret(self.data_dir / "personal-data.key").encode()

    def sqlite_path(self) -> Path:
        return Path(self.database_url[len(SQLITE_PREFIX) :])

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


def kept_secret(path: Path) -> str:
    """A random secret kept in a file that only the service's user can read."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_owner_only(path, secrets.token_urlsafe(48))
    return path.read_text().strip()


def derived_key(master: bytes, purpose: str) -> bytes:
    """One 32-byte key per purpose from the personal-data secret (HKDF-SHA-256)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"certif:{purpose}".encode()
    ).derive(master)


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
