"""How a read model's row is written as text, with its personal values sealed.

A value that a projection marks ``Personal`` is written as
``{"$personal": {"s": subject, "b": box, "e": stand-in}}``: the box is sealed
with the subject's key (see ``application.sealing``), so that no personal
value is ever written in clear and a row forgets it when the key is gone.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import orjson

from application.sealing import Sealer
from projections.engine import Doc, Personal

ENCODING = (
    orjson.OPT_SORT_KEYS
    | orjson.OPT_NON_STR_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
)
"""orjson writes a row about five times faster than ``json``; the passthroughs
keep ``str`` for dates and dataclasses, as ``json.dumps(default=str)`` did."""
MARK = "$personal"
REMEMBERED = 100_000
"""Sealed values the codec remembers (by the value's identity) so as not to seal them again."""


class DocCodec:
    """Rows to text and back: a projection reads ``Personal`` values back (to
    seal them again when it writes the row), a query reads plain values."""

    def __init__(self, sealer: Sealer) -> None:
        self.sealer = sealer
        self._sealed: dict[int, tuple[Personal, dict[str, Any]]] = {}

    def encode(self, doc: Doc) -> str:
        """Keys sorted, as UTF-8 text; what JSON has no type for (a date, a
        Decimal, a UUID) is written as its ``str``, a personal value sealed."""
        return orjson.dumps(doc, default=self._default, option=ENCODING).decode()

    def for_rows(self, text: str) -> Doc:
        found: Doc = json.loads(text, object_hook=self._to_personal)
        return found

    def for_reading(self, text: str) -> Doc:
        found: Doc = json.loads(text, object_hook=self._to_value)
        return found

    def _default(self, value: Any) -> Any:
        if isinstance(value, Personal):
            return {MARK: self._seal(value)}
        return str(value)

    def _seal(self, value: Personal) -> dict[str, Any]:
        """A personal value is immutable: the same one (a name kept in a row and
        copied into many others, a row written again) is sealed once, and a
        value read from a row keeps the box it came in."""
        found = self._sealed.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        sealed = self.sealer.seal(UUID(value.subject), value.value, value.stand_in)
        self._remember(value, sealed)
        return sealed

    def _remember(self, value: Personal, sealed: dict[str, Any]) -> None:
        if len(self._sealed) >= REMEMBERED:
            self._sealed.clear()
        self._sealed[id(value)] = (value, sealed)  # held, so that the id is not reused

    def _to_personal(self, obj: dict[str, Any]) -> Any:
        if MARK not in obj:
            return obj
        sealed = obj[MARK]
        value, _ = self.sealer.open(sealed)
        found = Personal(UUID(sealed["s"]).hex, value, sealed["e"])
        self._remember(found, sealed)
        return found

    def _to_value(self, obj: dict[str, Any]) -> Any:
        if MARK not in obj:
            return obj
        value, _ = self.sealer.open(obj[MARK])
        return value
