"""Dates and times as French schools read them, on the centre's clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters import display


def test_a_long_date_is_in_french_and_the_first_is_premier() -> None:
    assert display.long_date(date(2027, 3, 15)) == "lundi 15 mars 2027"
    assert display.long_date(date(2026, 12, 1)) == "mardi 1er décembre 2026"
    assert display.dated(date(2027, 8, 1)) == "1er août 2027"
    assert display.dated(date(2027, 2, 14)) == "14 février 2027"


def test_short_dates_and_clock_times_have_leading_zeros_and_no_seconds() -> None:
    assert display.short_date(date(2027, 3, 5)) == "05/03/2027"
    assert display.clock(time(9, 5, 59)) == "09:05"


def test_a_moment_is_shown_on_the_centres_clock_to_the_minute() -> None:
    winter = datetime(2027, 3, 15, 8, 30, 42, 123456, tzinfo=UTC)
    summer = datetime(2027, 7, 15, 8, 30, tzinfo=UTC)
    assert display.moment_text(winter) == "lundi 15 mars 2027 à 09:30"
    assert display.short_moment(summer) == "15/07/2027 10:30"
    assert display.short_moment(summer, "Indian/Reunion") == "15/07/2027 12:30"
    assert display.short_moment(summer, "America/Cayenne") == "15/07/2027 05:30"


def test_a_moment_typed_without_a_zone_means_the_centres_zone() -> None:
    assert display.moment_of("2027-03-15T09:00") == datetime(
        2027, 3, 15, 9, tzinfo=ZoneInfo("Europe/Paris")
    )
    assert display.moment_of("2027-03-15T09:00", "Pacific/Noumea").utcoffset() is not None
    assert display.moment_of("2027-03-15T08:00:00Z") == datetime(2027, 3, 15, 8, tzinfo=UTC)


def test_a_moment_that_is_not_iso_is_refused() -> None:
    with pytest.raises(ValueError, match="Invalid isoformat"):
        display.moment_of("15 mars")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Étienne", "d'Étienne"),
        ("Anaïs", "d'Anaïs"),
        ("Hugo", "d'Hugo"),
        ("Yasmine", "d'Yasmine"),
        ("Œdipe", "d'Œdipe"),
        ("Paul", "de Paul"),
        ("Zoé", "de Zoé"),
        ("李 小龙", "de 李 小龙"),
    ],
)
def test_de_is_elided_before_a_vowel_or_a_mute_h(name: str, expected: str) -> None:
    assert display.elided(name, "de") == expected


@given(st.datetimes(timezones=st.just(UTC)))
def test_the_centres_clock_shows_the_same_instant(moment: datetime) -> None:
    assert display.local(moment).astimezone(UTC) == moment
