"""The view store's contract in memory, for the in-memory event store."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from adapters.persistence.doc_codec import DocCodec
from projections.engine import Doc, Generation, PositionMoved


class MemoryViewStore:
    """The same contract in memory, for the in-memory event store."""

    def __init__(self, codec: DocCodec) -> None:
        self.codec = codec
        self._lock = threading.RLock()
        self._generations: dict[tuple[str, int], Generation] = {}
        self._rows: dict[tuple[str, int, str, str], tuple[str, str]] = {}

    def generations(self, projection: str) -> list[Generation]:
        with self._lock:
            found = [g for (p, _), g in self._generations.items() if p == projection]
            return sorted(found, key=lambda g: g.number)

    def create_generation(
        self, projection: str, number: int, rule_version: int, code_version: int
    ) -> None:
        with self._lock:
            if (projection, number) in self._generations:
                raise PositionMoved(f"generation {number} of {projection} exists")
            self._generations[projection, number] = Generation(
                projection, number, 0, rule_version, False, code_version
            )

    def activate(self, projection: str, number: int) -> None:
        with self._lock:
            for (p, n), g in list(self._generations.items()):
                if p == projection:
                    self._generations[p, n] = replace(g, active=n == number)

    def drop(self, projection: str, number: int) -> None:
        with self._lock:
            self._generations.pop((projection, number), None)
            for key in [k for k in self._rows if k[:2] == (projection, number)]:
                del self._rows[key]

    @contextmanager
    def transaction(
        self, projection: str, number: int, expected: int, new_position: int
    ) -> Iterator[_MemoryRows]:
        with self._lock:
            generation = self._generations.get((projection, number))
            if generation is None or generation.position != expected:
                raise PositionMoved(f"{projection} moved past {expected}")
            rows = _MemoryRows(dict(self._rows), projection, number, self.codec)
            yield rows
            self._rows = rows.data
            self._generations[projection, number] = replace(generation, position=new_position)

    def read(self, projection: str, kind: str, key: str) -> Doc | None:
        with self._lock:
            number = self._active(projection)
            found = self._rows.get((projection, number, kind, key))
            return self.codec.for_reading(found[1]) if found else None

    def read_children(self, projection: str, kind: str, parent: str) -> list[Doc]:
        return [d for _, d in self._scan(projection, kind, parent)]

    def read_all(self, projection: str, kind: str) -> list[Doc]:
        return [d for _, d in self._scan(projection, kind)]

    def _scan(self, projection: str, kind: str, parent: str | None = None) -> list[tuple[str, Doc]]:
        """The rows of a kind (of one parent), opened only once chosen."""
        with self._lock:
            number = self._active(projection)
            chosen = [
                (k[3], doc)
                for k, (owner, doc) in self._rows.items()
                if k[:3] == (projection, number, kind) and parent in (None, owner)
            ]
            found = [(key, self.codec.for_reading(doc)) for key, doc in chosen]
            return sorted(found, key=lambda item: item[0])

    def _active(self, projection: str) -> int:
        return next(
            (g.number for (p, _), g in self._generations.items() if p == projection and g.active), 0
        )


class _MemoryRows:
    def __init__(
        self,
        data: dict[tuple[str, int, str, str], tuple[str, str]],
        projection: str,
        number: int,
        codec: DocCodec,
    ) -> None:
        self.data, self.scope, self.codec = data, (projection, number), codec

    def get(self, kind: str, key: str) -> Doc | None:
        found = self.data.get((*self.scope, kind, key))
        return self.codec.for_rows(found[1]) if found else None

    def put(self, kind: str, key: str, doc: Doc, parent: str = "") -> None:
        self.data[(*self.scope, kind, key)] = (parent, self.codec.encode(doc))

    def delete(self, kind: str, key: str) -> None:
        self.data.pop((*self.scope, kind, key), None)

    def children(self, kind: str, parent: str) -> list[Doc]:
        found = sorted(
            (k[3], self.codec.for_rows(d))
            for k, (p, d) in self.data.items()
            if k[:3] == (*self.scope, kind) and p == parent
        )
        return [doc for _, doc in found]
