"""The competence framework, pupils' profiles and their levels."""

from __future__ import annotations

from domain import errors, limits
from domain.text import safe_text

COMPETENCES = (
    "1.1",
    "1.2",
    "1.3",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "3.1",
    "3.2",
    "3.3",
    "3.4",
    "4.1",
    "4.2",
    "4.3",
    "5.1",
    "5.2",
)
"""The 16 competences of the digital-skills framework, by their codes."""

PIX_PER_LEVEL = 8
MAX_PIX_PER_COMPETENCE = 64


def level_of(pix: int) -> int:
    """A competence's level is floor(pix / 8)."""
    return pix // PIX_PER_LEVEL


def levels_of(pix_by_competence: dict[str, int]) -> dict[str, int]:
    return {code: level_of(pix) for code, pix in pix_by_competence.items()}


CAMPAIGN_MAX_LENGTH = limits.CAMPAIGN


def competence_pix(given: dict[str, int]) -> dict[str, int]:
    """Pix of every competence of the framework: unknown codes and values out of
    0..maximum are refused; a competence not given has 0 pix."""
    unknown = sorted(set(given) - set(COMPETENCES))
    if unknown:
        raise errors.InvalidProfile(f"Unknown competence '{unknown[0]}'.", field=unknown[0])
    pix = {}
    for code in COMPETENCES:
        value = given.get(code, 0)
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 0 <= value <= MAX_PIX_PER_COMPETENCE
        ):
            raise errors.InvalidProfile(
                f"Competence {code} has {value!r} pix; expected 0 to {MAX_PIX_PER_COMPETENCE}.",
                field=code,
            )
        pix[code] = value
    return pix


def campaign_name(value: str) -> str:
    name = " ".join(safe_text(value, "campaign").split())
    if not name:
        raise errors.InvalidProfile(
            "The profile-collection campaign is required.", field="campaign"
        )
    if len(name) > CAMPAIGN_MAX_LENGTH:
        raise errors.InvalidProfile(
            f"The campaign is longer than {CAMPAIGN_MAX_LENGTH} characters.", field="campaign"
        )
    return name
