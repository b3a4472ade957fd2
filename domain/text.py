"""The one rule for characters in what people type: names and free texts.

Control characters (NUL, ESC and the other C0 and C1 codes) and the bidi
controls that reorder what a reader sees (U+202A–U+202E, U+2066–U+2069) are
refused: they hide text on screen and on paper, and break the files the
service writes. Tabs and line breaks pass: texts may span lines, and names fold
every run of spaces into one.
"""

from __future__ import annotations

import unicodedata

from domain import errors

BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
LINE_CHARACTERS = frozenset("\t\n\r")


def unsafe_character(value: str) -> str | None:
    """The first character the rule refuses, or None."""
    for character in value:
        if character in LINE_CHARACTERS:
            continue
        if character in BIDI_CONTROLS or unicodedata.category(character) == "Cc":
            return character
    return None


def safe_text(
    value: str,
    field: str,
    *,
    refusal: type[errors.InvalidInput] = errors.UnsafeText,
) -> str:
    """The value, if it holds no character the rule refuses."""
    found = unsafe_character(value)
    if found is not None:
        label = field.replace("_", " ")
        raise refusal(f"The {label} holds a control character (U+{ord(found):04X}).", field=field)
    return value
