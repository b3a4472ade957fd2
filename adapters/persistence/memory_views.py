"""The view store's contract in memory, for the in-memory event store."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from adapters.persistence.buffered_rows import BufferedRows, CacheShelf, encoded
from adapters.persistence.doc_codec import DocCodec
from projections.engine import Doc, Generation, PositionMoved


class MemoryViewStore:
    """The same contract in memory, for the in-memory event store."""

    def __init__(self, codec: DocCodec) -> None:
        self.codec = codec
        self.shelf = CacheShelf()
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
            self.shelf.forget(projection, [number])

    @contextmanager
    def transaction(
        self, projection: str, number: int, expected: int, new_position: int
    ) -> Iterator[BufferedRows]:
        with self._lock:
            generation = self._generations.get((projection, number))
            if generation is None or generation.position != expected:
                raise PositionMoved(f"{projection} moved past {expected}")
            cache = self.shelf.lend(projection, number, expected)
            backing = _MemoryBacking(self._rows, projection, number, self.codec)
            rows = BufferedRows(cache, backing)
            yield rows  # on a failure the cache, maybe changed halfway, is not given back
            backing.write(rows)
            self._generations[projection, number] = replace(generation, position=new_position)
            self.shelf.give_back(projection, number, cache, new_position)

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


class _MemoryBacking:
    """The stored rows of one generation, as text, like those of a database."""

    def __init__(
        self,
        data: dict[tuple[str, int, str, str], tuple[str, str]],
        projection: str,
        number: int,
        codec: DocCodec,
    ) -> None:
        self.data, self.scope, self.codec = data, (projection, number), codec

    def fetch(self, kind: str, key: str) -> tuple[str, Doc] | None:
        found = self.data.get((*self.scope, kind, key))
        return (found[0], self.codec.for_rows(found[1])) if found else None

    def fetch_children(self, kind: str, parent: str) -> list[tuple[str, Doc]]:
        return [
            (k[3], self.codec.for_rows(d))
            for k, (p, d) in self.data.items()
            if k[:3] == (*self.scope, kind) and p == parent
        ]

    def write(self, rows: BufferedRows) -> None:
        upserts, deletes = rows.writes()
        for kind, key, parent, text in encoded(upserts, self.codec.encode):
            self.data[(*self.scope, kind, key)] = (parent, text)
        for kind, key in deletes:
            self.data.pop((*self.scope, kind, key), None)
