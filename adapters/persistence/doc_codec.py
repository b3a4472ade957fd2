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

from application.sealing import Sealer
from projections.engine import Doc, Personal

MARK = "$personal"


class DocCodec:
    """Rows to text and back: a projection reads ``Personal`` values back (to
    seal them again when it writes the row), a query reads plain values."""

    def __init__(self, sealer: Sealer) -> None:
        self.sealer = sealer

    def encode(self, doc: Doc) -> str:
        return json.dumps(doc, default=self._default, ensure_ascii=False, sort_keys=True)

    def for_rows(self, text: str) -> Doc:
        found: Doc = json.loads(text, object_hook=self._to_personal)
        return found

    def for_reading(self, text: str) -> Doc:
        found: Doc = json.loads(text, object_hook=self._to_value)
        return found

    def _default(self, value: Any) -> Any:
        if isinstance(value, Personal):
            return {MARK: self.sealer.seal(UUID(value.subject), value.value, value.stand_in)}
        return str(value)

    def _to_personal(self, obj: dict[str, Any]) -> Any:
        if MARK not in obj:
            return obj
        sealed = obj[MARK]
        value, _ = self.sealer.open(sealed)
        return Personal(UUID(sealed["s"]).hex, value, sealed["e"])

    def _to_value(self, obj: dict[str, Any]) -> Any:
        if MARK not in obj:
            return obj
        value, _ = self.sealer.open(obj[MARK])
        return value
