"""Rosters as tables: SIECLE's CSV variant in the encodings schools' software
writes, and CSV, ODS or XLSX sheets with the same columns, typed by hand."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

import pytest

from adapters.imports.rosters import read_roster
from adapters.imports.tables import UnreadableFile
from application.enrolment_files import RosterFile
from domain.values import Sex
from tests.imports.files import (
    Cell,
    a_pupil,
    csv_bytes,
    ods_bytes,
    table_row,
    table_rows,
    xlsx_bytes,
)

PUPILS = [
    a_pupil(1, last_name="LEFÈVRE", first_name="Hélène"),
    a_pupil(2, last_name="BŒUF", first_name="François", usage_name="MOREAU", sex=Sex.M),
    a_pupil(3, last_name="ÇELIK", first_name="Noël", birth_insee_code=None,
            birth_country_code="212", birth_city="ISTANBUL"),
]  # fmt: skip
Sheet = Callable[[Sequence[Sequence[Cell]]], bytes]
READ = tuple(replace(pupil, line=line) for line, pupil in enumerate(PUPILS, start=2))


@pytest.mark.parametrize("sep", [";", ","])
@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "mac_roman"])
def test_the_siecle_csv_reads_in_each_encoding_and_separator(encoding: str, sep: str) -> None:
    content = csv_bytes(table_rows(PUPILS), encoding, sep)

    assert read_roster(content, "export.csv") == RosterFile("siecle-csv", None, READ)


@pytest.mark.parametrize(
    ("write", "kind"), [(ods_bytes, "ods"), (xlsx_bytes, "xlsx")], ids=["ods", "xlsx"]
)
def test_spreadsheets_with_date_cells_read_as_the_csv_does(write: Sheet, kind: str) -> None:
    rows = table_rows(PUPILS)
    assert all(isinstance(row[7], date) for row in rows[1:])
    content = write(rows)

    assert read_roster(content, f"eleves.{kind}") == RosterFile(kind, None, READ)


@pytest.mark.parametrize("encoding", ["cp1252", "mac_roman"])
def test_a_sheet_of_the_required_columns_reads_in_either_encoding(encoding: str) -> None:
    rows: list[list[Cell]] = [
        ["Identifiant unique*", "Premier prénom*", "Nom de famille*", "Division*",
         "Date de naissance (jj/mm/aaaa)*"],
        ["0000000001K", "Zoé", "ÉLOI", "3A", "04/03/2011"],
        ["0000000002K", "Chloé", "MARTIN", "3A", "05/03/2011"],
    ]  # fmt: skip
    content = csv_bytes(rows, encoding)
    assert b"\x8f" not in content  # no è, which Windows-1252 cannot decode

    roster = read_roster(content, "eleves.csv")

    assert [(p.first_name, p.last_name) for p in roster.pupils] == [
        ("Zoé", "ÉLOI"),
        ("Chloé", "MARTIN"),
    ]


HAND_TYPED_HEADER = [
    "  identifiant UNIQUE ",
    "Nom  de famille",
    "Premier prenom",
    "Nom d’usage",
    "date de naissance (JJ/MM/AAAA)",
    "DIVISION *",
    "Régime",
]


def test_headers_match_whatever_their_case_accents_asterisks_spacing_or_apostrophe() -> None:
    rows: list[list[Cell]] = [
        list(HAND_TYPED_HEADER),
        ["\ufeff0000000001K", " LEFÈVRE ", "Zoé", "MOREAU", "04/03/2011", " 3A ", "DP"],
        [None, None, None, None, None, None, None],
        ["", " ", "", "", "", "", ""],
    ]

    roster = read_roster(csv_bytes(rows, "utf-8"), "eleves.csv")

    assert roster.format == "csv"
    assert roster.pupils == (
        replace(a_pupil(1), line=2, usage_name="MOREAU", sex=None, birth_insee_code=None,
                birth_country_code=None),
    )  # fmt: skip


def test_a_title_above_the_header_keeps_the_spreadsheet_s_line_numbers() -> None:
    rows: list[list[Cell]] = [["Liste des élèves, 3e"], [], *table_rows([a_pupil(1)])]

    assert [pupil.line for pupil in read_roster(xlsx_bytes(rows), "x.xlsx").pupils] == [4]


def test_faulty_rows_give_problems_on_the_lines_the_spreadsheet_shows() -> None:
    rows = table_rows([a_pupil(n) for n in range(1, 7)])
    rows[1][7] = "2011-03-04"
    rows[2][7] = "31/02/2011"
    rows[3][0] = None
    rows[3][4] = ""
    rows[4][6] = "X"
    rows[5][0] = rows[1][0]
    rows[6][0] = "0000000006k"  # a lowercase letter is put right, not refused

    roster = read_roster(csv_bytes(rows, "cp1252"), "eleves.csv")

    assert [(p.line, p.field, p.rule, p.value) for p in roster.problems] == [
        (2, "birthdate", "date-format", "2011-03-04"),
        (3, "birthdate", "date-format", "31/02/2011"),
        (4, "national_id", "required", None),
        (4, "last_name", "required", None),
        (5, "sex", "sex-code", "X"),
        (6, "national_id", "duplicate-national-id", "0000000001K"),
    ]
    assert [(p.line, p.national_id) for p in roster.pupils] == [(7, "0000000006K")]


def test_text_dates_in_a_spreadsheet_are_read_as_date_cells_are() -> None:
    rows = table_rows([a_pupil(1), a_pupil(2)])
    rows[2][7] = "4/3/2011"

    roster = read_roster(ods_bytes(rows), "eleves.ods")

    assert [pupil.birthdate for pupil in roster.pupils] == [date(2011, 3, 4)] * 2


def test_numbers_a_spreadsheet_made_of_codes_are_put_back() -> None:
    row = table_row(a_pupil(1, birth_insee_code=None, division=None))
    row[8], row[11], row[14], row[6] = 1053, 99100, 301, "1"

    (pupil,) = read_roster(xlsx_bytes([table_rows([])[0], row]), "x.xlsx").pupils

    assert (pupil.birth_insee_code, pupil.birth_country_code, pupil.division, pupil.sex) == (
        "01053",
        "100",
        "301",
        Sex.M,
    )


def utf8_csv(rows: Sequence[Sequence[Cell]]) -> bytes:
    return csv_bytes(rows, "utf-8")


@pytest.mark.parametrize("write", [utf8_csv, xlsx_bytes], ids=["csv", "xlsx"])
def test_decomposed_names_come_back_composed(write: Sheet) -> None:
    decomposed = a_pupil(last_name=unicodedata.normalize("NFD", "ÉLOI"), first_name="Zoe\u0301")
    content = write(table_rows([decomposed]))

    (pupil,) = read_roster(content, "eleves").pupils

    assert (pupil.last_name, pupil.first_name) == ("ÉLOI", "Zoé")


def test_missing_required_columns_refuse_the_file_and_are_named() -> None:
    rows = [["Identifiant unique*", "Nom de famille*", "Code sexe*"], ["0000000001K", "A", "1"]]

    with pytest.raises(UnreadableFile) as refused:
        read_roster(csv_bytes(rows), "eleves.csv")

    assert refused.value.french == (
        "Ce fichier n'est pas une liste d'élèves : il y manque les colonnes « Premier prénom* », "
        "« Date de naissance (jj/mm/aaaa)* », « Division* »."
    )


CANDIDATE_TEMPLATE = "* Nom de naissance;* Prénom;* Date de naissance (format : jj/mm/aaaa)\n"


@pytest.mark.parametrize(
    ("content", "french"),
    [
        (b"", "Ce fichier est vide."),
        (b"\xef\xbb\xbf\r\n;;\r\n", "Ce fichier est vide."),
        (csv_bytes(table_rows([])), "aucun élève"),
        (CANDIDATE_TEMPLATE.encode() + b"DUPONT;Jean;01/02/2011\n", "n'est pas une liste"),
        (b"PK\x03\x04 not really a zip", "archive ZIP est illisible"),
    ],
    ids=["empty", "blank", "header-only", "candidate-template", "broken-zip"],
)
def test_a_file_that_holds_no_roster_is_refused(content: bytes, french: str) -> None:
    with pytest.raises(UnreadableFile) as refused:
        read_roster(content, "eleves.csv")
    assert french in refused.value.french
