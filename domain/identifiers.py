"""National identifiers, checked where they enter."""

from __future__ import annotations

import re

from domain import errors

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_UAI = re.compile(r"^\d{7}[A-Z]$")


def uai_check_letter(digits: str) -> str:
    """The letter that closes a school's national code: the 7-digit number
    modulo 23, as an index into the 23 letters without I, O and Q."""
    return UAI_LETTERS[int(digits) % len(UAI_LETTERS)]


def school_code(value: str) -> str:
    """A school's national code (UAI): 7 digits and their check letter (0750654D)."""
    code = value.strip().upper()
    if not code:
        raise errors.InvalidCentre("A centre needs its national code.", field="national_code")
    if not _UAI.match(code):
        raise errors.InvalidCentre(
            f"'{code}' is not a national code: 7 digits and a letter, e.g. 0750654D.",
            field="national_code",
        )
    if code[7] != uai_check_letter(code[:7]):
        raise errors.InvalidCentre(
            f"'{code}' does not end with its check letter ({uai_check_letter(code[:7])}).",
            field="national_code",
        )
    return code
