"""Specifications of the copy a command changes instead of the cached aggregate."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from uuid import uuid4

from application.copies import aggregate_copy, copied
from tests.unit.given import a_session, given


@dataclass
class Box:
    items: list[str] = field(default_factory=list)


def test_a_copy_has_the_same_state_as_the_library_deepcopy() -> None:
    session = given(a_session())
    assert vars(aggregate_copy(session)) == vars(copy.deepcopy(session))


def test_changing_a_copy_changes_nothing_in_the_original() -> None:
    session = given(a_session())
    duplicate = aggregate_copy(session)
    duplicate.roster[uuid4().hex] = "key"
    duplicate.invigilators.append("M. Autre")
    assert len(session.roster) == 0
    assert "M. Autre" not in session.invigilators


def test_mutable_values_inside_containers_are_copied_too() -> None:
    original = {"a": [Box(["x"])], "b": ({"y"},)}
    duplicate = copied(original)
    duplicate["a"][0].items.append("z")
    duplicate["b"][0].add("w")
    assert original == {"a": [Box(["x"])], "b": ({"y"},)}
