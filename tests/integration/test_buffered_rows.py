"""The rows of a batch on every view store: changed in memory, written once
with the position, never applied twice, forgotten when the batch fails."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import uuid4

import pytest

from adapters.persistence.settings import Settings
from adapters.wiring import build_view_store
from application.app import CertificationApp
from projections.engine import PositionMoved, ViewStore, personal, plain

P = "contract"


@pytest.fixture
def store(settings: Settings, app: CertificationApp) -> Iterator[ViewStore]:
    found = build_view_store(settings, app)
    found.create_generation(P, 1, 1, 1)
    found.activate(P, 1)
    yield found
    close = getattr(found, "close", None)
    if close:
        close()


@pytest.fixture
def other(settings: Settings, app: CertificationApp, store: ViewStore) -> Iterator[ViewStore]:
    """The same rows as another process sees them (one store in memory)."""
    if settings.backend == "memory":
        yield store
        return
    found = build_view_store(settings, app)
    yield found
    close = getattr(found, "close", None)
    if close:
        close()


def test_a_row_put_in_a_batch_is_read_back_in_it_and_stored_after_it(store: ViewStore) -> None:
    with store.transaction(P, 1, 0, 1) as rows:
        rows.put("session", "s1", {"n": 1}, parent="c1")
        assert rows.get("session", "s1") == {"n": 1}
        rows.put("session", "s1", {"n": 2}, parent="c1")
        assert rows.children("session", "c1") == [{"n": 2}]
    assert store.read(P, "session", "s1") == {"n": 2}
    with store.transaction(P, 1, 1, 2) as rows:
        assert rows.get("session", "s1") == {"n": 2}


def test_children_merge_the_stored_rows_with_the_batchs_changes(
    store: ViewStore, other: ViewStore
) -> None:
    with store.transaction(P, 1, 0, 1) as rows:
        for key in ("a", "b", "c"):
            rows.put("row", key, {"key": key}, parent="p")
    with other.transaction(P, 1, 1, 2) as rows:  # reads what is stored
        rows.delete("row", "b")
        rows.put("row", "d", {"key": "d"}, parent="p")
        rows.put("row", "a", {"key": "a"}, parent="q")  # moved to another parent
        assert [r["key"] for r in rows.children("row", "p")] == ["c", "d"]
        assert rows.get("row", "b") is None
    assert [r["key"] for r in store.read_children(P, "row", "p")] == ["c", "d"]
    assert [r["key"] for r in store.read_children(P, "row", "q")] == ["a"]


def test_a_failure_in_the_middle_of_a_batch_writes_nothing_of_it(store: ViewStore) -> None:
    with store.transaction(P, 1, 0, 1) as rows:
        rows.put("row", "kept", {"v": [1]})
    with pytest.raises(RuntimeError, match="failed"):
        fail_halfway(store)
    assert store.generations(P)[0].position == 1
    with store.transaction(P, 1, 1, 2) as rows:
        assert rows.get("row", "kept") == {"v": [1]}
        assert rows.get("row", "new") is None
    assert store.read(P, "row", "new") is None


def fail_halfway(store: ViewStore) -> None:
    with store.transaction(P, 1, 1, 2) as rows:
        doc = rows.get("row", "kept")
        assert doc is not None
        doc["v"].append(2)  # changed in place, as a projection may
        rows.put("row", "kept", doc)
        rows.put("row", "new", {"v": 3})
        raise RuntimeError("the projection failed")


def test_two_writers_never_apply_the_same_batch_and_never_read_stale_rows(
    store: ViewStore, other: ViewStore
) -> None:
    with store.transaction(P, 1, 0, 1) as rows:
        rows.put("count", "c", {"n": 1})
    with pytest.raises(PositionMoved), other.transaction(P, 1, 0, 1):
        pass
    with other.transaction(P, 1, 1, 2) as rows:
        found = rows.get("count", "c")
        assert found == {"n": 1}
        rows.put("count", "c", {"n": found["n"] + 1})
    with pytest.raises(PositionMoved), store.transaction(P, 1, 1, 2):
        pass
    with store.transaction(P, 1, 2, 3) as rows:  # the first writer sees the second's row
        assert rows.get("count", "c") == {"n": 2}


def test_rows_forgotten_by_a_small_cache_are_read_from_the_store(store: ViewStore) -> None:
    store.shelf.limit = 2  # type: ignore[attr-defined]
    with store.transaction(P, 1, 0, 1) as rows:
        for index in range(5):
            rows.put("row", f"k{index}", {"i": index}, parent="all")
    with store.transaction(P, 1, 1, 2) as rows:
        assert rows.get("row", "k0") == {"i": 0}
        assert [r["i"] for r in rows.children("row", "all")] == [0, 1, 2, 3, 4]
        rows.delete("row", "k1")
    assert [r["i"] for r in store.read_children(P, "row", "all")] == [0, 2, 3, 4]


def test_personal_values_are_sealed_when_written_and_read_back_marked(
    store: ViewStore, app: CertificationApp
) -> None:
    subject = uuid4()
    app.keys.get_or_create(subject)
    store.shelf.limit = 0  # type: ignore[attr-defined]  # every batch reads what is stored
    with store.transaction(P, 1, 0, 1) as rows:
        rows.put("pupil", "p", {"name": personal(subject, "Zoé")})
    with store.transaction(P, 1, 1, 2) as rows:
        found = rows.get("pupil", "p")
        assert found is not None
        assert plain(found["name"]) == "Zoé"
        assert found["name"] != "Zoé"  # still marked personal, to be sealed again
    assert store.read(P, "pupil", "p") == {"name": "Zoé"}


AWKWARD = ['a "quoted" name', "back\\slash", "{braces, commas}", "NULL", "", "Çelik Zoé 🙂"]


def test_rows_with_quotes_backslashes_braces_and_null_as_text_are_stored_and_deleted_as_given(
    store: ViewStore, other: ViewStore
) -> None:
    with store.transaction(P, 1, 0, 1) as rows:
        for n, text in enumerate(AWKWARD):
            rows.put("row", text, {"n": n, "text": text}, parent=text)
    assert [store.read(P, "row", text) for text in AWKWARD] == [
        {"n": n, "text": text} for n, text in enumerate(AWKWARD)
    ]
    assert [other.read_children(P, "row", text) for text in AWKWARD] == [
        [{"n": n, "text": text}] for n, text in enumerate(AWKWARD)
    ]
    with other.transaction(P, 1, 1, 2) as rows:
        for text in AWKWARD[::2]:
            rows.delete("row", text)
    assert [store.read(P, "row", text) is None for text in AWKWARD] == [True, False] * 3
