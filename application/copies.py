"""Copies of cached aggregates for a command, cheaper than ``copy.deepcopy``.

The repository keeps one aggregate per id in memory and fast-forwards it from
the store; a command changes a copy, so that a command refused half-way leaves
nothing behind. The library's ``deepcopy`` pays its memo and dispatch for every
string and id of a session's roster: most of the cost of loading a session of
some hundred candidates. Here values that cannot change (strings, numbers, ids,
times, enumerations) are shared, the containers are copied, and anything else
is handed to ``deepcopy``, so no mutable value is ever shared with the cache.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar
from uuid import UUID

T = TypeVar("T")
IMMUTABLE = (str, int, float, bytes, UUID, datetime, date, time, timedelta, Decimal, Enum)


def copied(value: Any) -> Any:
    """A copy that shares no mutable value with the original."""
    if value is None or isinstance(value, IMMUTABLE):
        return value
    kind = type(value)
    if kind is dict:
        return {copied(key): copied(item) for key, item in value.items()}
    if kind is list:
        return [copied(item) for item in value]
    if kind is tuple:
        return tuple(copied(item) for item in value)
    if kind is set:
        return {copied(item) for item in value}
    if kind is frozenset:
        return frozenset(copied(item) for item in value)
    return copy.deepcopy(value)


def aggregate_copy(aggregate: T) -> T:
    """The aggregate's attributes copied one by one into a new instance."""
    duplicate = object.__new__(type(aggregate))
    duplicate.__dict__.update({name: copied(v) for name, v in vars(aggregate).items()})
    return duplicate
