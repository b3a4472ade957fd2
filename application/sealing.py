"""Crypto-shredding: personal fields sealed with a key of their subject.

Each candidate has a key of their own, kept in a table of keys and never in
an event. The personal fields that ``domain.personal`` names are sealed with
that key (AES-256-GCM, the subject's id as associated data) when an event is
stored, and opened when it is read. Erasing a candidate destroys the key:
from then on every stored copy of their personal data, in events and read
models alike, opens to the domain's stand-in, while every event, version and
hash stays as it was.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoding

from domain.personal import PERSONAL_FIELDS, STAND_INS, PersonalFields, stand_in_kind

KEY_BYTES = 32
NONCE_BYTES = 12
KEY_CACHE_SECONDS = 30.0


class SubjectKeys(Protocol):
    """Where the subjects' keys live: a table of their own."""

    def get(self, subject: UUID) -> bytes | None:
        """The subject's key; None if it was destroyed or never made."""
        ...

    def get_or_create(self, subject: UUID) -> bytes | None:
        """The subject's key, made on first use; None if it was destroyed."""
        ...

    def destroy(self, subject: UUID) -> None:
        """Destroys the key for good; the subject stays known as erased."""
        ...

    def destroyed(self, subjects: Iterable[UUID]) -> set[UUID]:
        """Those of the subjects whose key was destroyed."""
        ...


class MemorySubjectKeys:
    """The keys in memory, for the in-memory event store."""

    def __init__(self) -> None:
        self._keys: dict[UUID, bytes | None] = {}
        self._lock = threading.Lock()

    def get(self, subject: UUID) -> bytes | None:
        return self._keys.get(subject)

    def get_or_create(self, subject: UUID) -> bytes | None:
        with self._lock:
            if subject not in self._keys:
                self._keys[subject] = new_key()
            return self._keys[subject]

    def get_or_create_many(self, subjects: Iterable[UUID]) -> dict[UUID, bytes | None]:
        return {subject: self.get_or_create(subject) for subject in subjects}

    def get_many(self, subjects: Iterable[UUID]) -> dict[UUID, bytes | None]:
        return {subject: self.get(subject) for subject in subjects}

    def destroy(self, subject: UUID) -> None:
        with self._lock:
            self._keys[subject] = None

    def destroyed(self, subjects: Iterable[UUID]) -> set[UUID]:
        return {s for s in subjects if s in self._keys and self._keys[s] is None}


class CachedSubjectKeys:
    """Keeps recently used keys for a few seconds, so that reading a session's
    events does not ask the table once per event. A key destroyed in another
    process may be used here until its entry expires; a destruction made
    here is seen at once."""

    def __init__(self, inner: SubjectKeys, seconds: float = KEY_CACHE_SECONDS) -> None:
        self.inner, self.seconds = inner, seconds
        self._cache: dict[UUID, tuple[float, bytes | None]] = {}
        self._lock = threading.Lock()

    def get(self, subject: UUID) -> bytes | None:
        return self._cached(subject, self.inner.get)

    def get_or_create(self, subject: UUID) -> bytes | None:
        return self._cached(subject, self.inner.get_or_create, refresh_missing=True)

    def destroy(self, subject: UUID) -> None:
        self.inner.destroy(subject)
        with self._lock:
            self._cache[subject] = (time.monotonic() + self.seconds, None)

    def destroyed(self, subjects: Iterable[UUID]) -> set[UUID]:
        return self.inner.destroyed(subjects)

    def prepare(self, subjects: Iterable[UUID]) -> None:
        """Makes (or reads) the keys of many subjects at once, ahead of a large
        save, instead of one statement per subject while its events are sealed."""
        wanted = list(subjects)
        many = getattr(self.inner, "get_or_create_many", None)
        found = many(wanted) if many else {s: self.inner.get_or_create(s) for s in wanted}
        expires = time.monotonic() + self.seconds
        with self._lock:
            if len(self._cache) + len(found) > 100_000:
                self._cache.clear()
            self._cache.update({subject: (expires, key) for subject, key in found.items()})

    def warm(self, subjects: Iterable[UUID]) -> None:
        """Reads the keys of many subjects at once (never making one), ahead of
        opening their events, for those not already fresh here."""
        now = time.monotonic()
        with self._lock:
            wanted = [s for s in subjects if not (s in self._cache and self._cache[s][0] > now)]
        many = getattr(self.inner, "get_many", None)
        if not wanted or many is None:
            return
        found = many(wanted)
        with self._lock:
            if len(self._cache) + len(found) > 100_000:
                self._cache.clear()
            self._cache.update({s: (now + self.seconds, key) for s, key in found.items()})

    def forget(self) -> None:
        with self._lock:
            self._cache.clear()

    def close(self) -> None:
        close = getattr(self.inner, "close", None)
        if close is not None:
            close()

    def _cached(
        self,
        subject: UUID,
        fetch: Callable[[UUID], bytes | None],
        refresh_missing: bool = False,
    ) -> bytes | None:
        now = time.monotonic()
        with self._lock:
            found = self._cache.get(subject)
        if found is not None and found[0] > now and not (refresh_missing and found[1] is None):
            return found[1]
        key = fetch(subject)
        with self._lock:
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[subject] = (now + self.seconds, key)
        return key


def new_key() -> bytes:
    return AESGCM.generate_key(KEY_BYTES * 8)


def seal_bytes(key: bytes, subject: UUID, plaintext: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, subject.bytes)


def open_bytes(key: bytes, subject: UUID, box: bytes) -> bytes | None:
    """The plaintext, or None if the box was not sealed with this key for this subject."""
    try:
        return AESGCM(key).decrypt(box[:NONCE_BYTES], box[NONCE_BYTES:], subject.bytes)
    except (InvalidTag, ValueError):
        return None


@dataclass(frozen=True)
class Sealed:
    """A personal value as stored: whose it is, its box, and which stand-in
    replaces it once the subject's key is gone."""

    subject: UUID
    box: bytes
    stand_in: str


class SealedAsDict(Transcoding):
    type = Sealed
    name = "certif:Sealed"

    def encode(self, obj: Sealed) -> dict[str, str]:
        return {
            "s": obj.subject.hex,
            "b": base64.b64encode(obj.box).decode("ascii"),
            "k": obj.stand_in,
        }

    def decode(self, data: dict[str, str]) -> Sealed:
        return Sealed(UUID(data["s"]), base64.b64decode(data["b"]), data["k"])


class SealingMapper(Mapper[UUID]):
    """The library's mapper, sealing the personal fields of the events that
    ``domain.personal`` lists before they are encoded, and opening them after
    they are decoded. Events stored before sealing existed (plain values)
    read as they were stored."""

    keys: SubjectKeys

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        spec = PERSONAL_FIELDS.get(getattr(type(domain_event), "TOPIC", ""))
        if spec is None:
            return super().to_stored_event(domain_event)
        sealed = object.__new__(type(domain_event))
        object.__setattr__(sealed, "__dict__", self._each(vars(domain_event), spec, self._seal))
        return super().to_stored_event(sealed)

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        event = super().to_domain_event(stored_event)
        spec = PERSONAL_FIELDS.get(stored_event.topic)
        if spec is not None:
            object.__setattr__(event, "__dict__", self._each(vars(event), spec, self._open))
        return event

    def subjects_in(self, stored_event: StoredEvent) -> set[UUID]:
        """Whose sealed values a stored event holds (without opening them)."""
        spec = PERSONAL_FIELDS.get(stored_event.topic)
        if spec is None:
            return set()
        state = stored_event.state
        if self.cipher:
            state = self.cipher.decrypt(state)
        if self.compressor:
            state = self.compressor.decompress(state)
        found: set[UUID] = set()

        def collect(value: Any, subject: UUID) -> Any:
            if isinstance(value, Sealed):
                found.add(value.subject)
            return value

        decoded = self.transcoder.decode(state) | {"originator_id": stored_event.originator_id}
        self._each(decoded, spec, collect)
        return found

    def fields_of(self, stored_event: StoredEvent, names: Iterable[str]) -> dict[str, Any]:
        """A few plain top-level fields of a stored event (a time, an id), read
        without building the event or opening any sealed value: scanning a long
        stream for a moment costs a fraction of decoding it."""
        state = stored_event.state
        if self.cipher:
            state = self.cipher.decrypt(state)
        if self.compressor:
            state = self.compressor.decompress(state)
        fields = json.loads(state)
        return self.plain_fields({name: fields.get(name) for name in names})

    def plain_fields(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Fields as stored (the transcoder's form of a time or an id) as values."""
        return {name: self._plain(value) for name, value in raw.items()}

    def _plain(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"_type_", "_data_"}:
            return self.transcoder.names[value["_type_"]].decode(value["_data_"])  # type: ignore[attr-defined]
        return value

    def _each(
        self, state: dict[str, Any], spec: PersonalFields, change: Callable[[Any, UUID], Any]
    ) -> dict[str, Any]:
        return spec.changed(state, change)

    def _seal(self, value: Any, subject: UUID) -> Any:
        if value is None or isinstance(value, Sealed):
            return value
        key = self.keys.get_or_create(subject)
        kind = stand_in_kind(value)
        if key is None:  # an erased subject: nothing personal is stored any more
            return STAND_INS[kind]
        return Sealed(subject, seal_bytes(key, subject, self.transcoder.encode(value)), kind)

    def _open(self, value: Any, subject: UUID) -> Any:
        if not isinstance(value, Sealed):
            return value
        key = self.keys.get(value.subject)
        plaintext = open_bytes(key, value.subject, value.box) if key is not None else None
        if plaintext is None:
            return STAND_INS[value.stand_in]
        return self.transcoder.decode(plaintext)


class Sealer:
    """Seals the personal values of read-model rows with the same keys, so
    that a read model forgets a candidate the moment their key is gone."""

    def __init__(self, keys: SubjectKeys) -> None:
        self.keys = keys

    def seal(self, subject: UUID, value: Any, stand_in: Any) -> dict[str, Any]:
        """Sealed with the key the subject's events made; with no key (destroyed),
        only the stand-in is written."""
        key = self.keys.get(subject) if value != stand_in else None
        sealed: dict[str, Any] = {"s": subject.hex, "e": stand_in}
        if key is not None:
            plaintext = json.dumps(value, ensure_ascii=False).encode()
            sealed["b"] = base64.b64encode(seal_bytes(key, subject, plaintext)).decode("ascii")
        return sealed

    def open(self, sealed: dict[str, Any]) -> tuple[Any, bool]:
        """The value and whether it is still readable (False: the stand-in)."""
        subject = UUID(sealed["s"])
        if "b" not in sealed:
            return sealed["e"], False
        key = self.keys.get(subject)
        box = base64.b64decode(sealed["b"])
        plaintext = open_bytes(key, subject, box) if key is not None else None
        if plaintext is None:
            return sealed["e"], False
        return json.loads(plaintext), True
