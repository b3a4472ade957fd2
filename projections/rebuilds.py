"""Which generation of a projection a rebuild fills, and when one is due.

A rebuild fills a generation newer than the active one, beside it, from the
first event; it is due when an operator asked for one (a newer generation
exists) or when the active generation went stale: written under a rule since
replaced, or by an older version of the projection's code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.rules import EligibilityRule
from projections.engine import Generation, Projection


@dataclass(frozen=True)
class RebuildStep:
    """What one step of a rebuild did."""

    name: str
    generation: int
    applied: int
    switched: bool


@dataclass(frozen=True)
class Plan:
    """The generation to fill, or whether a new one must be made first."""

    fill: Generation | None
    make_new: bool = False


NOTHING = Plan(None)


def stale(projection: type[Projection], generation: Generation, in_force: EligibilityRule) -> bool:
    stale_rule = projection.uses_rule and generation.rule_version != in_force.version
    return stale_rule or generation.code_version < projection.version


def plan(
    projection: type[Projection], generations: Sequence[Generation], in_force: EligibilityRule
) -> Plan:
    """The newest generation, if newer than the active one and current; a new
    one if the active or the newest went stale; nothing otherwise. Nothing
    either while no generation is active (the first one is filled by catch-up,
    and read meanwhile) or when the active one is of newer code (the business
    of the processes that run it)."""
    active = next((g for g in generations if g.active), None)
    if active is None or active.code_version > projection.version:
        return NOTHING
    newest = max(generations, key=lambda g: g.number)
    if newest.number > active.number and not stale(projection, newest, in_force):
        return Plan(newest)
    if newest.number == active.number and not stale(projection, active, in_force):
        return NOTHING
    return Plan(None, make_new=True)


def building(generations: Sequence[Generation]) -> Generation | None:
    """The newest generation past the active one: the rebuild under way."""
    active = next((g.number for g in generations if g.active), 0)
    newer = [g for g in generations if g.number > active]
    return max(newer, key=lambda g: g.number) if newer else None
