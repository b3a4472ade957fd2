"""The rows of a batch of events, changed in memory and written once.

A projection reads and changes its rows one event at a time; the view store
hands it ``BufferedRows``, which read through a ``RowCache`` and only remember
what changed. When the batch ends the store writes the changed rows with one
bulk upsert and one bulk delete, beside the position, in one transaction.

The cache outlives the batch while the same writer keeps moving the
generation's position: positions only grow and every batch moves them from
the value this writer left, so if the position is still the one the cache was
left at, nobody else has written the generation since. A fresh generation
(position 0) has no rows at all but those this writer wrote: a row missing
from the cache and never forgotten by it does not exist, and nothing is read.
What the cache forgot is kept in a Bloom filter of a few megabytes, so that a
rebuild of millions of rows reads back only the rows it forgot (and, rarely,
a row the filter mistakes for one), never the many rows that do not exist.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any, Protocol

from projections.engine import Doc

DEFAULT_CACHE_ROWS = 50_000
"""Rows a generation's cache keeps between batches (the least recently used go first)."""
FILTER_BITS = 1 << 24
"""Bits of the filter of forgotten rows: 2 MB, under 3 % false positives at 2 million rows."""

Key = tuple[str, str]  # kind, key
Entry = tuple[str, Doc] | None  # parent and doc; None: no such row


class Backing(Protocol):
    """What is already stored, read only when the cache does not know."""

    def fetch(self, kind: str, key: str) -> tuple[str, Doc] | None: ...

    def fetch_children(self, kind: str, parent: str) -> list[tuple[str, Doc]]:
        """The stored (key, doc) of the kind under the parent."""
        ...


class Forgotten:
    """A Bloom filter of what a cache forgot: ``might_hold`` is never False for
    something added; a True for something never added costs one read."""

    def __init__(self, bits: int = FILTER_BITS) -> None:
        self.mask = bits - 1
        self.bits = bytearray(bits // 8)
        self.empty = True

    def _places(self, item: tuple[str, str]) -> tuple[int, int, int]:
        first, second = hash(item), hash((item, 1))
        return first & self.mask, (first >> 32) & self.mask, second & self.mask

    def add(self, item: tuple[str, str]) -> None:
        self.empty = False
        for place in self._places(item):
            self.bits[place >> 3] |= 1 << (place & 7)

    def might_hold(self, item: tuple[str, str]) -> bool:
        if self.empty:
            return False
        return all(self.bits[p >> 3] & (1 << (p & 7)) for p in self._places(item))


class RowCache:
    """What one writer knows of a generation's rows, at a position."""

    def __init__(self, position: int, limit: int = DEFAULT_CACHE_ROWS) -> None:
        self.position, self.limit = position, limit
        self.fresh = position == 0
        self.entries: dict[Key, Entry] = {}
        self.by_parent: dict[Key, set[str]] = {}
        self.forgotten = Forgotten()
        """Rows dropped from the cache, as (kind, key), and their parents, as
        ("^" + kind, parent): a miss among them must read."""
        self.listed: set[Key] = set()
        """(kind, parent) whose children were all read into the cache."""

    def surely_absent(self, kind: str, key: str) -> bool:
        """In a fresh generation: a row never written by this writer, or written
        and still known here, is known without reading."""
        return self.fresh and not self.forgotten.might_hold((kind, key))

    def knows_children(self, kind: str, parent: str) -> bool:
        if (kind, parent) in self.listed:
            return True
        return self.fresh and not self.forgotten.might_hold(("^" + kind, parent))

    def remember(self, kind: str, key: str, entry: Entry) -> None:
        old = self.entries.pop((kind, key), None)
        self.entries[kind, key] = entry  # most recently used last
        before = old[0] if old is not None else None
        after = entry[0] if entry is not None else None
        if before == after:
            return  # a row written again under the same parent, or still absent
        if before is not None:
            self.by_parent.get((kind, before), set()).discard(key)
        if after is not None:
            self.by_parent.setdefault((kind, after), set()).add(key)

    def touch(self, kind: str, key: str) -> Entry:
        entry = self.entries.pop((kind, key))
        self.entries[kind, key] = entry  # most recently used last
        return entry

    def trim(self) -> None:
        """Forgets the least recently used rows beyond the limit."""
        excess = len(self.entries) - self.limit
        if excess <= 0:
            return
        for kind, key in list(self.entries)[:excess]:
            entry = self.entries.pop((kind, key))
            if entry is not None:  # an absent row forgotten is still absent
                self.forgotten.add((kind, key))
                self.forgotten.add(("^" + kind, entry[0]))
                self.by_parent.get((kind, entry[0]), set()).discard(key)
                self.listed.discard((kind, entry[0]))
        self.by_parent = {k: v for k, v in self.by_parent.items() if v}


class BufferedRows:
    """The ``Rows`` of one batch: reads through the cache, buffers the changes."""

    def __init__(self, cache: RowCache, backing: Backing) -> None:
        self.cache, self.backing = cache, backing
        self.changed: set[Key] = set()

    def get(self, kind: str, key: str) -> Doc | None:
        if (kind, key) in self.cache.entries:
            entry = self.cache.touch(kind, key)
        elif self.cache.surely_absent(kind, key):
            return None
        else:
            entry = self.backing.fetch(kind, key)
            self.cache.remember(kind, key, entry)
        return entry[1] if entry is not None else None

    def put(self, kind: str, key: str, doc: Doc, parent: str = "") -> None:
        self.cache.remember(kind, key, (parent, doc))
        self.changed.add((kind, key))

    def delete(self, kind: str, key: str) -> None:
        self.cache.remember(kind, key, None)
        self.changed.add((kind, key))

    def children(self, kind: str, parent: str) -> list[Doc]:
        if not self.cache.knows_children(kind, parent):
            for key, doc in self.backing.fetch_children(kind, parent):
                if (kind, key) not in self.cache.entries:
                    self.cache.remember(kind, key, (parent, doc))
            self.cache.listed.add((kind, parent))
        keys = sorted(self.cache.by_parent.get((kind, parent), ()))
        found = [self.cache.entries[kind, key] for key in keys]
        return [entry[1] for entry in found if entry is not None]

    def writes(self) -> tuple[list[tuple[str, str, str, Doc]], list[Key]]:
        """The rows to upsert (kind, key, parent, doc) and those to delete (kind, key)."""
        upserts, deletes = [], []
        for kind, key in self.changed:
            entry = self.cache.entries.get((kind, key))
            if entry is None:
                deletes.append((kind, key))
            else:
                upserts.append((kind, key, entry[0], entry[1]))
        return upserts, deletes


class CacheShelf:
    """The caches of a store's generations, each lent to one transaction at a time."""

    def __init__(self, limit: int = DEFAULT_CACHE_ROWS) -> None:
        self.limit = limit
        self._caches: dict[tuple[str, int], RowCache] = {}
        self._lock = threading.Lock()

    def lend(self, projection: str, number: int, position: int) -> RowCache:
        """The cache left at this position, or a new one (taken off the shelf)."""
        with self._lock:
            found = self._caches.pop((projection, number), None)
        if found is not None and found.position == position:
            return found
        return RowCache(position, self.limit)

    def give_back(self, projection: str, number: int, cache: RowCache, position: int) -> None:
        cache.position = position
        cache.trim()
        with self._lock:
            held = self._caches.get((projection, number))
            if held is None or held.position < position:
                self._caches[projection, number] = cache

    def forget(self, projection: str, numbers: Iterable[int] | None = None) -> None:
        with self._lock:
            for scope in list(self._caches):
                if scope[0] == projection and (numbers is None or scope[1] in numbers):
                    del self._caches[scope]


def encoded(
    upserts: list[tuple[str, str, str, Doc]], encode: Any
) -> list[tuple[str, str, str, str]]:
    return [(kind, key, parent, encode(doc)) for kind, key, parent, doc in upserts]
