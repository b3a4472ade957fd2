"""Answers kept for an Idempotency-Key, beside the events.

A key is claimed before the request runs (a row without an answer), then the
answer is kept until it expires; a retry with the same key and the same
request gets that answer again. Keys belong to one caller (the token's
subject), so two callers' keys never meet. A claim whose request never
finished (a crashed process) lapses after ``PENDING_SECONDS``.

An answer may hold a pupil's personal data, so the table never holds it in
clear: the key itself is stored only as a digest, and the answer is sealed
with a key derived from the caller's Idempotency-Key, which only a retry
brings back (record 0019).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
import time
from dataclasses import dataclass
from typing import Literal

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from adapters.persistence.views import SqlViewStore

PENDING_SECONDS = 60.0
PURGE_EVERY_SECONDS = 300.0

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS certif_idempotency (
        scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
        status INTEGER NOT NULL DEFAULT 0, headers TEXT NOT NULL DEFAULT '[]',
        body TEXT NOT NULL DEFAULT '', expires_at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (scope, key))""",
    """CREATE INDEX IF NOT EXISTS certif_idempotency_expiry
        ON certif_idempotency (expires_at)""",
]


@dataclass(frozen=True)
class KeptAnswer:
    """What the first request with a key answered."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class Claim:
    """new: run the request; replay: send ``answer``; mismatch: the key was used
    for another request; in-progress: the first request has not finished."""

    outcome: Literal["new", "replay", "mismatch", "in-progress"]
    answer: KeptAnswer | None = None


class MemoryAnswers:
    """The kept answers of one process (the in-memory store)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, str], tuple[str, KeptAnswer | None, float]] = {}
        self._lock = threading.Lock()

    def claim(self, scope: str, key: str, fingerprint: str) -> Claim:
        now = time.time()
        with self._lock:
            found = self._rows.get((scope, key))
            if found is None or found[2] < now:
                self._rows[(scope, key)] = (fingerprint, None, now + PENDING_SECONDS)
                return Claim("new")
            return judged(found[0], fingerprint, found[1])

    def keep(self, scope: str, key: str, answer: KeptAnswer, seconds: float) -> None:
        with self._lock:
            fingerprint = self._rows[(scope, key)][0]
            self._rows[(scope, key)] = (fingerprint, answer, time.time() + seconds)

    def release(self, scope: str, key: str) -> None:
        with self._lock:
            self._rows.pop((scope, key), None)


class SqlAnswers:
    """Kept answers in the SQLite file or PostgreSQL schema of the events."""

    def __init__(self, database: SqlViewStore) -> None:
        self.database = database
        self._purged = 0.0
        with database.connection() as conn:
            cursor = conn.cursor()
            for statement in SCHEMA:
                database.execute(cursor, statement)
            conn.commit()

    def claim(self, scope: str, key: str, fingerprint: str) -> Claim:
        sealed = SealedKey(scope, key)
        key, fingerprint = sealed.row_key, sealed.fingerprint(fingerprint)
        now = time.time()
        with self.database.connection() as conn:
            cursor = conn.cursor()
            self.database.begin(cursor)
            if now - self._purged > PURGE_EVERY_SECONDS:
                self._purged = now
                self._run(cursor, "DELETE FROM certif_idempotency WHERE expires_at < ?", (now,))
            else:
                self._run(
                    cursor,
                    "DELETE FROM certif_idempotency WHERE scope = ? AND key = ? AND expires_at < ?",
                    (scope, key, now),
                )
            self._run(
                cursor,
                "INSERT INTO certif_idempotency (scope, key, fingerprint, expires_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING",
                (scope, key, fingerprint, now + PENDING_SECONDS),
            )
            if cursor.rowcount == 1:
                conn.commit()
                return Claim("new")
            self._run(
                cursor,
                "SELECT fingerprint, status, headers, body FROM certif_idempotency "
                "WHERE scope = ? AND key = ?",
                (scope, key),
            )
            kept, status, headers, body = cursor.fetchone()
            conn.commit()
        answer = sealed.opened(int(status), headers, body) if status else None
        return judged(kept, fingerprint, answer)

    def keep(self, scope: str, key: str, answer: KeptAnswer, seconds: float) -> None:
        sealed = SealedKey(scope, key)
        self._change(
            "UPDATE certif_idempotency SET status = ?, headers = ?, body = ?, expires_at = ? "
            "WHERE scope = ? AND key = ?",
            (
                answer.status,
                sealed.seal(json.dumps(answer.headers).encode()),
                sealed.seal(answer.body),
                time.time() + seconds,
                scope,
                sealed.row_key,
            ),
        )

    def release(self, scope: str, key: str) -> None:
        self._change(
            "DELETE FROM certif_idempotency WHERE scope = ? AND key = ? AND status = 0",
            (scope, SealedKey(scope, key).row_key),
        )

    def _run(self, cursor: object, statement: str, params: tuple[object, ...]) -> None:
        self.database.execute(cursor, statement, params)

    def _change(self, statement: str, params: tuple[object, ...]) -> None:
        with self.database.connection() as conn:
            cursor = conn.cursor()
            self.database.begin(cursor)
            self._run(cursor, statement, params)
            conn.commit()


@dataclass(frozen=True)
class SealedKey:
    """What the table keeps of a caller's key: a digest to find the row, a
    keyed fingerprint of the request, and the answer sealed with a key that
    only the caller's Idempotency-Key derives."""

    scope: str
    key: str

    def _derived(self, purpose: str) -> bytes:
        material = f"{purpose}|{self.scope}|{self.key}".encode()
        return hashlib.sha256(material).digest()

    @property
    def row_key(self) -> str:
        return self._derived("row").hex()

    def fingerprint(self, fingerprint: str) -> str:
        return hmac.new(self._derived("fingerprint"), fingerprint.encode(), "sha256").hexdigest()

    def seal(self, plaintext: bytes) -> str:
        nonce = os.urandom(12)
        box = AESGCM(self._derived("answer")).encrypt(nonce, plaintext, self.row_key.encode())
        return base64.b64encode(nonce + box).decode("ascii")

    def opened(self, status: int, headers: str, body: str) -> KeptAnswer | None:
        try:
            aead = AESGCM(self._derived("answer"))
            raw = [base64.b64decode(text) for text in (headers, body)]
            plain = [aead.decrypt(r[:12], r[12:], self.row_key.encode()) for r in raw]
        except (InvalidTag, ValueError):
            return None  # not sealed with this key: no answer to give
        pairs = [(str(name), str(value)) for name, value in json.loads(plain[0])]
        return KeptAnswer(status, pairs, plain[1])


def judged(kept: str, fingerprint: str, answer: KeptAnswer | None) -> Claim:
    if kept != fingerprint:
        return Claim("mismatch")
    return Claim("replay", answer) if answer is not None else Claim("in-progress")


Answers = MemoryAnswers | SqlAnswers
