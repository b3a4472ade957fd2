"""The password rule: twelve characters, not a common password in disguise."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from application.sessions import new_invigilator_password
from domain import errors
from domain.passwords import MIN_LENGTH, check_password, common_passwords


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaa",
        "short-pass1",
        "aaaaaaaaaaaa",
        "121212121212",
        "123456789012",
        "motdepasse-1",
        "MotDePasse2024!",
        "mot-de-passe-99",
        "P@ssw0rd-2024",
        "azertyuiop12",
        "Soleil-2024!!",
        "jetaimelucas",
    ],
)
def test_short_repetitive_or_common_passwords_are_refused(password: str) -> None:
    with pytest.raises(errors.WeakPassword):
        check_password(password)


@pytest.mark.parametrize(
    "password", ["cahier-rouge-42", "operations-1", "granite-meadow-58", "Wq7!vLp2#xZr"]
)
def test_long_uncommon_passwords_are_accepted(password: str) -> None:
    check_password(password)


def test_the_shipped_list_holds_a_few_thousand_common_passwords() -> None:
    listed = common_passwords()
    assert len(listed) > 2000
    assert {"123456", "password", "azerty", "motdepasse", "soleil"} <= listed


@given(st.text(max_size=MIN_LENGTH - 1))
def test_no_password_under_twelve_characters_is_accepted(password: str) -> None:
    with pytest.raises(errors.WeakPassword):
        check_password(password)


def test_generated_invigilator_passwords_meet_the_rule() -> None:
    for _ in range(200):
        password = new_invigilator_password()
        assert len(password) >= MIN_LENGTH
        check_password(password)
