"""Keeps the read models current in a process: in a server (embedded) or in a
projection worker (`certif project`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Protocol

from projections.runner import ProjectionRunner

log = logging.getLogger("certif.projections")


class Leases(Protocol):
    def hold(self, names: Collection[str]) -> frozenset[str]: ...

    def close(self) -> None: ...


MIN_REBUILD_CHECK = 0.05
"""Seconds between two looks for a rebuild to do, however many saves are made."""


@dataclass
class Projector:
    """Two threads, so that a rebuild never holds up the other projections:
    one catches the active generations up (after every save it is told of, and
    every ``interval`` in case another process wrote), the other fills the
    generations being rebuilt, a few batches at a time. Each works only on the
    projections whose lease this process holds."""

    runner: ProjectionRunner
    leases: Leases
    interval: float = 1.0
    rebuild_batches: int = 10
    holding: frozenset[str] = frozenset()
    _wake: threading.Event = field(default_factory=threading.Event)
    _rebuild_wake: threading.Event = field(default_factory=threading.Event)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for target, name in ((self._catch_up, "projections"), (self._rebuild, "rebuilds")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def poke(self) -> None:
        """A save was made here: catch up now, and see now whether it calls for
        a rebuild (a rule change), rather than at the next ``interval``."""
        self._wake.set()
        self._rebuild_wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._rebuild_wake.set()
        for thread in self._threads:
            thread.join(timeout=10)
        self.leases.close()

    def wait(self, seconds: float) -> bool:
        """Sleeps; True once stopping."""
        return self._stopping.wait(seconds)

    def _catch_up(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            try:
                self.holding = self.leases.hold(self.runner.names)
                if self.holding:
                    self.runner.advance(self.holding)
            except Exception:
                log.exception("projection run failed; retrying")
            self._wake.wait(self.interval)

    def _rebuild(self) -> None:
        while not self._stopping.is_set():
            worked = False
            try:
                for name in self.runner.pending_rebuilds(self.holding):
                    if self._stopping.is_set() or name not in self.holding:
                        break
                    step = self.runner.rebuild_step(name, self.rebuild_batches)
                    worked = worked or (step is not None and not step.switched)
            except Exception:
                log.exception("rebuild failed; retrying")
            if not worked:
                self._rebuild_wake.wait(self.interval)
                self._rebuild_wake.clear()
                self._stopping.wait(MIN_REBUILD_CHECK)
