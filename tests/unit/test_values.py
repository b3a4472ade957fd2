"""Properties of the value rules: access codes, extra time, dates, names."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import errors
from domain.identifiers import UAI_LETTERS, school_code
from domain.pseudonyms import Pseudonyms
from domain.values import (
    ACCESS_CODE_DIGITS,
    ACCESS_CODE_LETTERS,
    access_code,
    birth_place,
    birthdate,
    extra_time,
    new_access_code,
    required_name,
)
from tests.unit.given import TODAY

LOOK_ALIKES = set("AEIOU01ILSZN5")


def test_every_drawn_access_code_has_the_reference_format() -> None:
    codes = {new_access_code() for _ in range(2000)}
    assert len(codes) > 1900  # drawn at random, not a fixed code
    for code in codes:
        assert access_code(code) == code
        assert all(c in ACCESS_CODE_LETTERS for c in code[:4])
        assert all(c in ACCESS_CODE_DIGITS for c in code[4:])
        assert not LOOK_ALIKES & set(code)


@given(
    st.text(alphabet=ACCESS_CODE_LETTERS, min_size=4, max_size=4),
    st.text(alphabet=ACCESS_CODE_DIGITS, min_size=2, max_size=2),
)
def test_a_code_of_the_format_is_accepted_whatever_its_case_and_spacing(
    letters: str, digits: str
) -> None:
    assert access_code(f"  {letters.lower()}{digits} ") == letters + digits


@given(st.text(max_size=8))
def test_a_code_outside_the_format_is_refused(text: str) -> None:
    candidate = text.strip().upper()
    valid = (
        len(candidate) == 6
        and all(c in ACCESS_CODE_LETTERS for c in candidate[:4])
        and all(c in ACCESS_CODE_DIGITS for c in candidate[4:])
    )
    if valid:
        assert access_code(text) == candidate
    else:
        with pytest.raises(errors.InvalidAccessCode):
            access_code(text)


@given(st.decimals(min_value=0, max_value=Decimal("9.9999"), places=4))
def test_a_ratio_and_its_percentage_mean_the_same_extra_time(ratio: Decimal) -> None:
    percentage = f"{ratio * 100}%"
    assert extra_time(percentage) == extra_time(ratio) == ratio


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_extra_time_outside_zero_to_ten_is_refused(ratio: Decimal) -> None:
    if ratio.is_finite() and 0 <= ratio < 10 and ratio.as_tuple().exponent >= -4:  # type: ignore[operator]
        assert extra_time(ratio) == ratio
    else:
        with pytest.raises(errors.InvalidExtraTime):
            extra_time(ratio)


@pytest.mark.parametrize("text", ["33%", "33 %", "0.33", "0,33", " 33% "])
def test_the_api_forms_of_a_third_are_all_accepted(text: str) -> None:
    assert extra_time(text) == Decimal("0.33")


@pytest.mark.parametrize("text", ["", "abc", "10", "1000%", "-1%", "nan", "1e400"])
def test_malformed_extra_time_is_refused_with_a_named_error(text: str) -> None:
    with pytest.raises(errors.InvalidExtraTime):
        extra_time(text)


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2100, 1, 1)))
def test_a_birthdate_is_after_1900_and_not_in_the_future(day: date) -> None:
    if date(1900, 1, 1) < day <= TODAY:
        assert birthdate(day, TODAY) == day
    else:
        with pytest.raises(errors.InvalidBirthdate):
            birthdate(day, TODAY)


def test_a_birthdate_of_today_is_accepted_and_tomorrow_refused() -> None:
    assert birthdate(TODAY, TODAY) == TODAY
    with pytest.raises(errors.InvalidBirthdate):
        birthdate(TODAY + timedelta(days=1), TODAY)


@given(st.text(alphabet=" \t\n", max_size=5))
def test_a_blank_name_is_refused(blank: str) -> None:
    with pytest.raises(errors.InvalidName):
        required_name(blank, "last_name")


def test_names_are_trimmed_and_inner_spaces_folded() -> None:
    assert required_name("  Le   Gall ", "last_name") == "Le Gall"


def test_the_identity_key_ignores_case_accents_and_spacing_but_not_the_birthdate() -> None:
    session, keyed = TODAY_SESSION, Pseudonyms(b"s" * 32)
    key = keyed.candidate(session, "Lefèvre", "Élodie", date(2011, 5, 1))
    assert keyed.candidate(session, " LEFEVRE ", "elodie", date(2011, 5, 1)) == key
    assert keyed.candidate(session, "Lefèvre", "Élodie", date(2011, 5, 2)) != key
    assert keyed.candidate(UUID(int=43), "Lefèvre", "Élodie", date(2011, 5, 1)) != key


def test_a_guess_cannot_be_confirmed_without_the_secret() -> None:
    """The key is an HMAC: another secret (a guesser's) gives another key, and
    the same names in another scope give another key too."""
    born = date(2011, 5, 1)
    ours = Pseudonyms(b"s" * 32).candidate(TODAY_SESSION, "Lefèvre", "Élodie", born)
    guessed = Pseudonyms(b"g" * 32).candidate(TODAY_SESSION, "Lefèvre", "Élodie", born)
    assert guessed != ours
    assert Pseudonyms(b"s" * 32).pupil(TODAY_SESSION, "Lefèvre", "Élodie", born) != ours
    with pytest.raises(ValueError, match="32 bytes"):
        Pseudonyms(b"short")


def test_birth_place_rules_follow_the_reference_platform() -> None:
    assert birth_place("France", "69123", None, None).insee_code == "69123"
    assert birth_place("france", None, "69001", "Lyon").city == "Lyon"
    assert birth_place("Maroc", None, None, "Rabat").country == "MAROC"
    for bad in [
        (None, None, None, None),
        ("France", "69123", "69001", "Lyon"),
        ("France", None, "69001", None),
        ("France", "ABCDE", None, None),
        ("Maroc", "69123", None, "Rabat"),
        ("Maroc", None, None, None),
    ]:
        with pytest.raises(errors.InvalidBirthPlace):
            birth_place(*bad)


TODAY_SESSION = UUID(int=42)


@pytest.mark.parametrize("code", ["0750654D", "0750654d", " 0691234S ", "0000000A"])
def test_a_national_code_with_its_check_letter_is_accepted(code: str) -> None:
    assert school_code(code) == code.strip().upper()


@pytest.mark.parametrize("code", ["0750654E", "0751234A", "750654D", "07506540", "", "0750654DD"])
def test_a_national_code_without_its_check_letter_is_refused(code: str) -> None:
    with pytest.raises(errors.InvalidCentre):
        school_code(code)


@given(st.integers(min_value=0, max_value=9_999_999))
def test_every_seven_digit_number_has_exactly_one_check_letter(number: int) -> None:
    digits = f"{number:07d}"
    accepted = [letter for letter in UAI_LETTERS if _accepts(digits + letter)]
    assert accepted == [UAI_LETTERS[number % 23]]


def _accepts(code: str) -> bool:
    try:
        school_code(code)
    except errors.InvalidCentre:
        return False
    return True
