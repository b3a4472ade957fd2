"""The password rule: long enough, and not one that guessers try first.

The list (``common-passwords.txt``) holds the bases of the most common
passwords; a password is compared with it after the usual disguises are
taken off: case, separators, look-alike digits (``p@ssw0rd``) and the digits
and symbols put around a base to reach a length (``Soleil-2024!``).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from domain import errors

MIN_LENGTH = 12
MIN_DISTINCT = 5
LOOK_ALIKES = str.maketrans("0134578@$!", "oieastbasi")
_AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_SEPARATORS = re.compile(r"[\W_]+")


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("domain").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def disguises_removed(password: str) -> set[str]:
    """The forms of a password that a guesser's list would hold."""
    lower = password.casefold()
    joined = _SEPARATORS.sub("", lower)
    around = _AROUND.sub("", lower)
    core, look_alike = (
        _SEPARATORS.sub("", form) for form in (around, around.translate(LOOK_ALIKES))
    )
    return {lower, joined, core, look_alike}


def check_password(password: str, field: str = "password") -> None:
    """Refuses a password shorter than 12 characters, made of a few characters
    repeated, or among the common passwords once its disguises are removed."""
    if len(password) < MIN_LENGTH:
        raise errors.WeakPassword(f"A password has at least {MIN_LENGTH} characters.", field=field)
    if len(set(password.casefold())) < MIN_DISTINCT:
        raise errors.WeakPassword(
            f"A password uses at least {MIN_DISTINCT} different characters.", field=field
        )
    if not disguises_removed(password).isdisjoint(common_passwords()):
        raise errors.WeakPassword(
            "This password is among the most common ones: choose another.", field=field
        )
