"""Property: a roster written in any of the forms schools bring (SIECLE's XML,
zipped or not; its CSV in UTF-8, Windows-1252 or Mac Roman, with either
separator; ODS; XLSX) reads back to the pupils it was written from.

Names are drawn as rosters hold them, in capitals for family names and
capitalised for first names, from the letters all these encodings share."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.imports.rosters import read_roster
from application.enrolment_files import RosterPupil
from domain.values import Sex
from tests.imports.files import FORMS, XML_FORMS, first_line

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÇÉÈÊËÎÏÔÙÛÜŸŒÆ"
LOWER = "abcdefghijklmnopqrstuvwxyzàâçéèêëîïôùûüÿœæ"
SEPARATORS = st.sampled_from([" ", "-", "'"])


def joined(word: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    words = st.lists(word, min_size=1, max_size=3)
    return st.tuples(words, SEPARATORS).map(lambda drawn: drawn[1].join(drawn[0]))


CAPITALS = joined(st.text(UPPER, min_size=1, max_size=8))
CAPITALISED = joined(st.tuples(st.sampled_from(UPPER), st.text(LOWER, max_size=7)).map("".join))


def chars(alphabet: str, size: int) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=size, max_size=size)


DIGITS, LETTERS = "0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
NATIONAL_IDS = st.one_of(  # the three forms of an INE
    st.tuples(chars(DIGITS, 10), chars(LETTERS, 1)).map("".join),
    st.tuples(chars(DIGITS, 9), chars(LETTERS, 2)).map("".join),
    st.tuples(chars(DIGITS, 4), st.just("A"), chars(DIGITS, 5), chars(LETTERS, 1)).map("".join),
)
DIVISIONS = st.none() | st.tuples(chars("3456T", 1), st.text(LETTERS + DIGITS, max_size=3)).map(
    "".join
)
COMMUNES = chars(DIGITS, 5) | st.tuples(st.sampled_from(["2A", "2B"]), chars(DIGITS, 3)).map(
    "".join
)
ABROAD = st.integers(101, 599).filter(lambda code: code != 100).map(str)


@st.composite
def pupils(draw: st.DrawFn) -> RosterPupil:
    abroad = draw(st.booleans())
    return RosterPupil(
        line=0,
        national_id=draw(NATIONAL_IDS),
        last_name=draw(CAPITALS),
        first_name=draw(CAPITALISED),
        birthdate=draw(st.dates(date(1995, 1, 1), date(2020, 12, 31))),
        usage_name=draw(st.none() | CAPITALS),
        sex=draw(st.sampled_from([Sex.M, Sex.F, None])),
        division=draw(DIVISIONS),
        birth_insee_code=None if abroad else draw(COMMUNES),
        birth_country_code=draw(ABROAD) if abroad else "100",
        birth_city=draw(CAPITALS) if abroad else None,
        left_on=draw(st.none() | st.dates(date(2024, 9, 1), date(2026, 7, 5))),
    )


ROSTERS = st.lists(pupils(), min_size=1, max_size=6, unique_by=lambda p: p.national_id)


@settings(max_examples=60, deadline=None)
@given(ROSTERS, st.sampled_from(sorted(FORMS)))
def test_a_roster_reads_back_to_the_pupils_it_was_written_from(
    written: list[RosterPupil], form: str
) -> None:
    if form not in XML_FORMS:
        written = [replace(pupil, left_on=None) for pupil in written]

    roster = read_roster(FORMS[form](written), "eleves")

    start = first_line(form)
    assert roster.problems == ()
    assert list(roster.pupils) == [
        replace(pupil, line=line) for line, pupil in enumerate(written, start=start)
    ]
