"""The cache of a rebuild: rows it forgot are read back, rows never written
are known absent without a read, whatever the number of rows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from adapters.persistence.buffered_rows import BufferedRows, Forgotten, RowCache
from projections.engine import Doc


class CountingBacking:
    """What the store holds, and how often it was asked."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], tuple[str, Doc]] = {}
        self.fetches = 0
        self.listings = 0

    def fetch(self, kind: str, key: str) -> tuple[str, Doc] | None:
        self.fetches += 1
        return self.rows.get((kind, key))

    def fetch_children(self, kind: str, parent: str) -> list[tuple[str, Doc]]:
        self.listings += 1
        return [(k, d) for (kd, k), (p, d) in self.rows.items() if kd == kind and p == parent]


def batch(cache: RowCache, backing: CountingBacking, work: object) -> None:
    """One batch: the changes written to the backing, then the cache trimmed."""
    rows = BufferedRows(cache, backing)
    work(rows)  # type: ignore[operator]
    upserts, deletes = rows.writes()
    for kind, key, parent, doc in upserts:
        backing.rows[kind, key] = (parent, doc)
    for kind, key in deletes:
        backing.rows.pop((kind, key), None)
    cache.trim()


def test_a_fresh_rebuild_reads_back_only_what_its_cache_forgot() -> None:
    cache, backing = RowCache(position=0, limit=100), CountingBacking()
    for start in range(0, 1000, 100):
        batch(
            cache,
            backing,
            lambda rows, s=start: [
                rows.put("pupil", f"p{n}", {"n": n}, parent=f"s{n % 10}") for n in range(s, s + 100)
            ],
        )
    found: dict[str, object] = {}

    def read(rows: BufferedRows) -> None:
        found["new"] = [rows.get("pupil", f"new{n}") for n in range(2000)]
        found["old"] = rows.get("pupil", "p3")
        found["recent"] = rows.get("pupil", "p999")

    batch(cache, backing, read)
    assert found["new"] == [None] * 2000
    assert found["old"] == {"n": 3}
    assert found["recent"] == {"n": 999}
    assert backing.fetches < 2000 * 0.05  # the forgotten row, and a few false positives
    children: list[Doc] = []
    batch(cache, backing, lambda rows: children.extend(rows.children("pupil", "s3")))
    assert sorted(c["n"] for c in children) == list(range(3, 1000, 10))
    assert backing.listings == 1
    other: list[Doc] = []
    batch(cache, backing, lambda rows: other.extend(rows.children("class", "s3")))
    assert other == []
    assert backing.listings == 1  # no row of that kind was ever forgotten


def test_a_cache_that_did_not_start_the_generation_reads_every_miss() -> None:
    cache, backing = RowCache(position=7, limit=100), CountingBacking()
    backing.rows["pupil", "p1"] = ("", {"n": 1})
    found: list[Doc | None] = []
    batch(
        cache, backing, lambda rows: found.extend([rows.get("pupil", "p1"), rows.get("pupil", "x")])
    )
    assert found == [{"n": 1}, None]
    assert backing.fetches == 2


@given(st.sets(st.tuples(st.text(max_size=12), st.text(max_size=40)), max_size=300))
def test_the_filter_holds_everything_added(items: set[tuple[str, str]]) -> None:
    forgotten = Forgotten(bits=1 << 12)
    assert not forgotten.might_hold(("kind", "key"))
    for item in items:
        forgotten.add(item)
    assert all(forgotten.might_hold(item) for item in items)
