"""Runs projections: catches them up with the log, rebuilds them blue/green
beside the generation that is read."""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Sequence
from typing import Any, Protocol

from eventsourcing.persistence import ApplicationRecorder, Mapper

from domain.pseudonyms import Pseudonyms
from domain.rules import EligibilityRule
from projections import rebuilds
from projections.engine import (
    Generation,
    PositionMoved,
    Projection,
    ViewStore,
    active_generation,
    newest_generation,
)
from projections.progress import ProjectionStatus, RebuildWatch, status_of
from projections.rebuilds import RebuildStep

BATCH_SIZE = 500
log = logging.getLogger("certif.projections")


class RuleSource(Protocol):
    """The eligibility rules as recorded: the one in force, and any by version;
    and the pseudonyms that link a candidate to their profile."""

    pseudonyms: Pseudonyms

    def rule_in_force(self) -> EligibilityRule: ...

    def rule_version(self, version: int) -> EligibilityRule: ...


class ProjectionRunner:
    """Applies the log to each projection, exactly once, on any view store.

    Two kinds of work, which may run side by side (two threads, two
    processes): ``advance`` keeps the active generations current, and
    ``rebuild_step`` fills a new generation batch by batch, beside the active
    one, until it reaches the head and takes its place. ``catch_up`` does both
    to the end, for a caller that wants everything current now."""

    def __init__(
        self,
        recorder: ApplicationRecorder,
        mapper: Mapper[Any],
        store: ViewStore,
        projections: Sequence[type[Projection]],
        rules: RuleSource,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.batch_size = batch_size
        self.errors: dict[str, str] = {}
        self.recorder = recorder
        self.mapper = mapper
        self.store = store
        self.projections = list(projections)
        self.rules = rules
        self.watch = RebuildWatch()

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.projections]

    def catch_up(self, names: Collection[str] | None = None) -> int:
        """Applies new events everywhere, then finishes every rebuild that a
        rule change, a new version of a projection's code or an operator asked for."""
        applied = self.advance(names)
        for name in self.pending_rebuilds(names):
            applied += self.finish_rebuild(name)
        return applied

    def advance(self, names: Collection[str] | None = None) -> int:
        """Applies new events to the active generations.
        A projection that fails stops where it is, with its error kept for the
        status; the others go on."""
        applied = 0
        # the head is read before the rule, so that no event past the rule read
        # (a rule change) is applied under the rule it replaces
        chosen = self._chosen(names)
        try:
            head = self.recorder.max_notification_id() or 0
            in_force = self.rules.rule_in_force()
        except Exception as failure:
            for projection in chosen:
                self.errors[projection.name] = f"{type(failure).__name__}: {failure}"
            raise
        for projection in chosen:
            try:
                applied += self._advance_active(projection, in_force, head)
                self.errors.pop(projection.name, None)
            except Exception as failure:
                self.errors[projection.name] = f"{type(failure).__name__}: {failure}"
                log.exception("projection %s failed", projection.name)
        return applied

    def _advance_active(
        self, projection: type[Projection], in_force: EligibilityRule, head: int
    ) -> int:
        active = self._active_or_first(projection, in_force)
        if active.code_version != projection.version:
            # rows another version of the code wrote: this code must not add to
            # them; an older active waits for its rebuild, a newer one is the
            # business of the processes that run the newer code
            return 0
        # an active generation under a rule since replaced keeps following the
        # log under its own rule, and is served, until its rebuild takes over
        return self._advance(projection, active.number, head)

    def rebuild(self, name: str) -> int:
        """Fills a new generation from the first event, then switches to it (on
        a store never projected, beside an empty first generation made active)."""
        self._active_or_first(self._by_name(name), self.rules.rule_in_force())
        self.request_rebuild(name)
        return self.finish_rebuild(name)

    def request_rebuild(self, name: str) -> int:
        """A new, empty generation that ``rebuild_step`` will fill; its number."""
        projection = self._by_name(name)
        rule = self.rules.rule_in_force()
        while True:
            newest = newest_generation(self.store, name)
            number = (newest.number if newest else 0) + 1
            try:
                self.store.create_generation(name, number, rule.version, projection.version)
                return number
            except PositionMoved:
                continue  # another runner took that number: the next one

    def finish_rebuild(self, name: str) -> int:
        applied = 0
        while True:
            step = self.rebuild_step(name, batches=100)
            if step is None:
                return applied
            applied += step.applied
            if step.switched:
                return applied

    def pending_rebuilds(self, names: Collection[str] | None = None) -> list[str]:
        """The projections with a generation to fill: asked for, or made stale."""
        in_force = self.rules.rule_in_force()
        return [
            p.name
            for p in self._chosen(names)
            if rebuilds.plan(p, self.store.generations(p.name), in_force) != rebuilds.NOTHING
        ]

    def rebuild_step(self, name: str, batches: int = 10) -> RebuildStep | None:
        """Fills a few batches of the generation being rebuilt (making it if a
        rule or code change calls for one); switches to it once it reached the
        head and drops the older ones. None: nothing to rebuild."""
        projection = self._by_name(name)
        found = rebuilds.plan(projection, self.store.generations(name), self.rules.rule_in_force())
        if found.make_new:
            number = self.request_rebuild(name)
        elif found.fill is not None:
            number = found.fill.number
        else:
            return None
        applied = 0
        for _ in range(batches):
            generation = self._generation(name, number)
            if generation is None:  # another runner switched to it, or past it
                return RebuildStep(name, number, applied, switched=True)
            self.watch.saw(name, number, generation.position)
            done, count = self._one_batch(projection, generation, None)
            applied += count
            if done:
                self._switch(name, number)
                return RebuildStep(name, number, applied, switched=True)
        return RebuildStep(name, number, applied, switched=False)

    def _switch(self, name: str, number: int) -> None:
        self.store.activate(name, number)
        for old in self.store.generations(name):
            if old.number < number:  # a newer one may be starting: it stays
                self.store.drop(name, old.number)
        self.watch.forget(name, keep=None)
        log.info("projection %s switched to generation %d", name, number)

    def status(self, names: Collection[str] | None = None) -> list[ProjectionStatus]:
        head = self.recorder.max_notification_id() or 0
        return [
            status_of(self.store, self.watch, p.name, head, self.errors.get(p.name))
            for p in self._chosen(names)
        ]

    def wait_for(self, position: int, timeout: float, names: Collection[str] | None = None) -> bool:
        """Read-your-writes: whether the projections named (all, if none are)
        reached the position in time. An active generation made stale by a
        rule or code change reaches nothing until its rebuild takes over: its
        rows are read meanwhile, but not as including the change."""
        chosen = self.projections if names is None else [self._by_name(n) for n in names]
        in_force = self.rules.rule_in_force() if chosen else None
        deadline = time.monotonic() + timeout
        while True:
            if all(self._reached(p, position, in_force) for p in chosen):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)

    def _reached(
        self, projection: type[Projection], position: int, in_force: EligibilityRule | None
    ) -> bool:
        active = active_generation(self.store, projection.name)
        if active is None or active.position < position:
            return False
        return in_force is None or not rebuilds.stale(projection, active, in_force)

    def _chosen(self, names: Collection[str] | None) -> list[type[Projection]]:
        if names is None:
            return self.projections
        return [self._by_name(name) for name in names]

    def _active_or_first(self, projection: type[Projection], rule: EligibilityRule) -> Generation:
        active = active_generation(self.store, projection.name)
        if active is not None:
            return active
        try:
            self.store.create_generation(projection.name, 1, rule.version, projection.version)
            self.store.activate(projection.name, 1)
        except PositionMoved:
            pass
        found = active_generation(self.store, projection.name)
        if found is None:
            raise PositionMoved(f"no active generation of {projection.name}")
        return found

    def _advance(self, projection: type[Projection], number: int, stop: int | None = None) -> int:
        applied = 0
        while True:
            generation = self._generation(projection.name, number)
            if generation is None:
                return applied  # dropped by a rebuild that switched meanwhile
            done, count = self._one_batch(projection, generation, stop)
            applied += count
            if done:
                return applied

    def _one_batch(
        self, projection: type[Projection], generation: Generation, stop: int | None
    ) -> tuple[bool, int]:
        head = self.recorder.max_notification_id() or 0
        if stop is not None:
            head = min(head, stop)
        if generation.position >= head:
            return True, 0
        notifications = self.recorder.select_notifications(
            start=generation.position + 1,
            limit=self.batch_size,
            stop=head,
            topics=projection.topics,
        )
        last = len(notifications) < self.batch_size
        new_position = head if last else notifications[-1].id
        rule = self.rules.rule_version(generation.rule_version)
        instance = projection(rule, self.rules.pseudonyms)
        try:
            with self.store.transaction(
                projection.name, generation.number, generation.position, new_position
            ) as rows:
                for notification in notifications:
                    event = (
                        notification
                        if projection.raw
                        else self.mapper.to_domain_event(notification)
                    )
                    instance.apply(event, notification.id, rows)
        except PositionMoved:
            return False, 0
        return last, len(notifications)

    def _generation(self, name: str, number: int) -> Generation | None:
        return next((g for g in self.store.generations(name) if g.number == number), None)

    def _by_name(self, name: str) -> type[Projection]:
        for projection in self.projections:
            if projection.name == name:
                return projection
        known = ", ".join(p.name for p in self.projections)
        raise KeyError(f"no projection named '{name}' (known: {known})")
