"""The one order of names: as a French list is sorted, accents and case ignored
(Çelik among the C, not after Zola). The attendance sheet, the candidates'
list of the API and the pages, and the searches of the pages all call it."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into a base letter and an accent.
_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def alphabetical(name: str) -> str:
    """The name as it sorts and as it is searched: no accent, no case."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_order(last_name: str, first_name: str) -> tuple[str, str, str, str]:
    """By last name, then first name; names that read alike keep a stable order."""
    return (
        alphabetical(last_name),
        alphabetical(first_name),
        last_name.casefold(),
        first_name.casefold(),
    )
