"""Projections of the event log into read models, applied exactly once.

A projection reads the application's notification log in order and writes its
rows and its new position in one transaction of its view store, so a crash
between two events loses nothing and applies nothing twice. Rows live in a
*generation*: a rebuild fills a new generation from the first event while reads
keep using the active one, then switches (blue/green).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from domain.pseudonyms import Pseudonyms
from domain.rules import DEFAULT_RULE, EligibilityRule
from domain.values import ERASED

Doc = dict[str, Any]


@dataclass(frozen=True)
class Personal:
    """A personal value in a row: the view store keeps it sealed with the
    key of its subject (a candidate), so the row forgets it when the key is
    destroyed. Inside a projection a row gives it back as this object (its
    value, or the stand-in once erased); a query reads the plain value."""

    subject: str
    value: Any
    stand_in: Any = ERASED

    def __str__(self) -> str:
        return str(self.value)


def personal(subject: Any, value: Any, stand_in: Any = ERASED) -> Any:
    """The value marked as the subject's personal data; nothing to mark in None."""
    if value is None or isinstance(value, Personal):
        return value
    return Personal(str(subject), value, stand_in)


def plain(value: Any) -> Any:
    """What a row's value reads as, marked personal or not."""
    return value.value if isinstance(value, Personal) else value


class Rows(Protocol):
    """The rows of one projection generation, inside one transaction."""

    def get(self, kind: str, key: str) -> Doc | None: ...

    def put(self, kind: str, key: str, doc: Doc, parent: str = "") -> None: ...

    def delete(self, kind: str, key: str) -> None: ...

    def children(self, kind: str, parent: str) -> list[Doc]: ...


@dataclass(frozen=True)
class Generation:
    projection: str
    number: int
    position: int
    rule_version: int
    active: bool
    code_version: int = 1


class PositionMoved(Exception):
    """Another runner applied these events first; reload and go on."""


class ViewStore(Protocol):
    """Where read models live: in the event store's own database."""

    def generations(self, projection: str) -> list[Generation]: ...

    def create_generation(
        self, projection: str, number: int, rule_version: int, code_version: int
    ) -> None: ...

    def activate(self, projection: str, number: int) -> None: ...

    def drop(self, projection: str, number: int) -> None: ...

    def transaction(
        self, projection: str, number: int, expected: int, new_position: int
    ) -> AbstractContextManager[Rows]:
        """Rows to change; on success the position moves from expected to new."""
        ...

    def read(self, projection: str, kind: str, key: str) -> Doc | None: ...

    def read_children(self, projection: str, kind: str, parent: str) -> list[Doc]: ...

    def read_all(self, projection: str, kind: str) -> list[Doc]: ...


class Projection(ABC):
    """One read model: how each event of interest changes its rows."""

    name: ClassVar[str]
    topics: ClassVar[tuple[str, ...]] = ()
    uses_rule: ClassVar[bool] = False
    raw: ClassVar[bool] = False
    """True: ``apply`` receives the stored notification (its bytes), not the event."""
    version: ClassVar[int] = 1
    """Raise it when ``apply`` changes what it writes: the rows are then rebuilt."""

    def __init__(
        self, rule: EligibilityRule = DEFAULT_RULE, pseudonyms: Pseudonyms | None = None
    ) -> None:
        self.rule = rule
        self._pseudonyms = pseudonyms

    @property
    def pseudonyms(self) -> Pseudonyms:
        if self._pseudonyms is None:
            raise RuntimeError(f"The {self.name} projection needs the pseudonym secret.")
        return self._pseudonyms

    @abstractmethod
    def apply(self, event: Any, position: int, rows: Rows) -> None:
        """Changes the rows for one event; must not read anything but the rows."""


def active_generation(store: ViewStore, projection: str) -> Generation | None:
    return next((g for g in store.generations(projection) if g.active), None)


def newest_generation(store: ViewStore, projection: str) -> Generation | None:
    found = store.generations(projection)
    return max(found, key=lambda g: g.number) if found else None


def batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
