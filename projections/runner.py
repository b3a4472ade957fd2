"""Runs projections: catches them up with the log, rebuilds them blue/green."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from eventsourcing.persistence import ApplicationRecorder, Mapper

from domain.pseudonyms import Pseudonyms
from domain.rules import EligibilityRule
from projections.engine import (
    Generation,
    PositionMoved,
    Projection,
    ViewStore,
    active_generation,
    newest_generation,
)

BATCH_SIZE = 500
log = logging.getLogger("certif.projections")


class RuleSource(Protocol):
    """The eligibility rules as recorded: the one in force, and any by version;
    and the pseudonyms that link a candidate to their profile."""

    pseudonyms: Pseudonyms

    def rule_in_force(self) -> EligibilityRule: ...

    def rule_version(self, version: int) -> EligibilityRule: ...


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


class ProjectionRunner:
    """Applies the log to each projection, exactly once, on any view store."""

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

    def catch_up(self) -> int:
        """Applies new events everywhere; rebuilds what a rule change or a new
        version of a projection's code made stale.
        A projection that fails stops where it is, with its error kept for the
        status; the others go on."""
        applied = 0
        # the head is read before the rule, so that no event past the rule read
        # (a rule change) is applied under the rule it replaces
        try:
            head = self.recorder.max_notification_id() or 0
            in_force = self.rules.rule_in_force()
        except Exception as failure:
            for projection in self.projections:
                self.errors[projection.name] = f"{type(failure).__name__}: {failure}"
            raise
        for projection in self.projections:
            try:
                applied += self._catch_up_one(projection, in_force, head)
                self.errors.pop(projection.name, None)
            except Exception as failure:
                self.errors[projection.name] = f"{type(failure).__name__}: {failure}"
                log.exception("projection %s failed", projection.name)
        return applied

    def _catch_up_one(
        self, projection: type[Projection], in_force: EligibilityRule, head: int
    ) -> int:
        active = self._active_or_first(projection, in_force)
        stale_rule = projection.uses_rule and active.rule_version != in_force.version
        if stale_rule or active.code_version != projection.version:
            return self.rebuild(projection.name)
        return self._advance(projection, active.number, head)

    def rebuild(self, name: str) -> int:
        """Fills a new generation from the first event, then switches to it."""
        projection = self._by_name(name)
        head = self.recorder.max_notification_id() or 0
        rule = self.rules.rule_in_force()
        newest = newest_generation(self.store, name)
        number = (newest.number if newest else 0) + 1
        try:
            self.store.create_generation(name, number, rule.version, projection.version)
        except PositionMoved:
            return 0  # another runner is rebuilding it
        applied = self._advance(projection, number, head)
        self.store.activate(name, number)
        for old in self.store.generations(name):
            if old.number != number:
                self.store.drop(name, old.number)
        return applied

    def status(self) -> list[ProjectionStatus]:
        head = self.recorder.max_notification_id() or 0
        found = []
        for projection in self.projections:
            generations = self.store.generations(projection.name)
            active = next((g for g in generations if g.active), None)
            position = active.position if active else 0
            found.append(
                ProjectionStatus(
                    name=projection.name,
                    generation=active.number if active else 0,
                    position=position,
                    head=head,
                    lag=max(head - position, 0),
                    rule_version=active.rule_version if active else 0,
                    error=self.errors.get(projection.name),
                    rebuilding=any(
                        g.number > (active.number if active else 0) for g in generations
                    ),
                )
            )
        return found

    def wait_for(self, position: int, timeout: float) -> bool:
        """Read-your-writes: whether every projection reached the position in time."""
        deadline = time.monotonic() + timeout
        while True:
            if all(s.position >= position for s in self.status()):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)

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
