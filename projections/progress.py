"""How far a rebuild has come: the new generation's position against the log's
head, and its speed as seen by this process."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

from projections import rebuilds
from projections.engine import ViewStore

WINDOW_SECONDS = 30.0


@dataclass(frozen=True)
class RebuildProgress:
    """A generation being filled beside the active one."""

    generation: int
    position: int
    head: int
    percent: float
    events_per_second: float | None
    """Over the last half-minute this process saw it move; None until it has."""
    seconds_left: float | None


class RebuildWatch:
    """Positions of the generations being rebuilt, with the time each was seen.

    The process that fills a generation notes every batch; any other process
    (a server answering /projections) notes what it reads, so its speed is
    measured between its own readings."""

    def __init__(self, window: float = WINDOW_SECONDS) -> None:
        self.window = window
        self._seen: dict[tuple[str, int], deque[tuple[float, int]]] = {}
        self._lock = threading.Lock()

    def saw(self, name: str, number: int, position: int, at: float | None = None) -> None:
        now = time.monotonic() if at is None else at
        with self._lock:
            samples = self._seen.setdefault((name, number), deque())
            if samples and samples[-1][1] == position:
                return  # keep the first moment of a position: no false slowdown
            samples.append((now, position))
            # keep one reading older than the window, as the start of the measure
            while len(samples) > 2 and samples[1][0] < now - self.window:
                samples.popleft()

    def speed(self, name: str, number: int) -> float | None:
        with self._lock:
            samples = self._seen.get((name, number))
            if not samples or len(samples) < 2:
                return None
            (start, first), (end, last) = samples[0], samples[-1]
        return (last - first) / (end - start) if end > start else None

    def forget(self, name: str, keep: int | None = None) -> None:
        with self._lock:
            for key in [k for k in self._seen if k[0] == name and k[1] != keep]:
                del self._seen[key]

    def progress(self, name: str, number: int, position: int, head: int) -> RebuildProgress:
        self.saw(name, number, position)
        speed = self.speed(name, number)
        left = max(head - position, 0)
        return RebuildProgress(
            generation=number,
            position=position,
            head=head,
            percent=round(100.0 * min(position, head) / head, 1) if head else 100.0,
            events_per_second=round(speed, 1) if speed is not None else None,
            seconds_left=round(left / speed, 1) if speed else None,
        )


@dataclass(frozen=True)
class ProjectionStatus:
    name: str
    generation: int
    position: int
    head: int
    lag: int
    rule_version: int
    rebuilding: bool
    error: str | None = None
    rebuild: RebuildProgress | None = None


def status_of(
    store: ViewStore, watch: RebuildWatch, name: str, head: int, error: str | None
) -> ProjectionStatus:
    """The active generation's place, and the progress of any rebuild under way."""
    generations = store.generations(name)
    active = next((g for g in generations if g.active), None)
    position = active.position if active else 0
    building = rebuilds.building(generations)
    return ProjectionStatus(
        name=name,
        generation=active.number if active else 0,
        position=position,
        head=head,
        lag=max(head - position, 0),
        rule_version=active.rule_version if active else 0,
        error=error,
        rebuilding=building is not None,
        rebuild=(
            watch.progress(name, building.number, building.position, head)
            if building is not None
            else None
        ),
    )
