"""SIECLE's XML export, zipped or not: its encoding, its structures, its faults,
and the archives and documents that are refused before anything is unpacked."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from dataclasses import replace
from datetime import date

import pytest

from adapters.imports.rosters import read_roster
from adapters.imports.siecle import MAX_MEMBERS, MAX_UNPACKED_BYTES
from adapters.imports.tables import UnreadableFile
from application.enrolment_files import RosterFile, RowProblem
from domain.values import Sex
from tests.imports.files import a_pupil, eleve_fields, siecle_xml, siecle_xml_of, zipped

ABROAD = a_pupil(
    2,
    last_name="CŒUR",
    usage_name="BŒUF",
    first_name="Maëlle",
    sex=Sex.F,
    birth_insee_code=None,
    birth_country_code="134",
    birth_city="MADRID",
)


def rules(roster: RosterFile) -> list[tuple[int, str | None, str]]:
    return [(problem.line, problem.field, problem.rule) for problem in roster.problems]


def test_the_export_reads_in_the_iso_8859_15_it_declares() -> None:
    fields = eleve_fields(ABROAD) | {"LIBELLE_BOURSE": "Bourse de 120 €"}
    content = siecle_xml_of([eleve_fields(a_pupil(1)), fields])
    assert b'encoding="ISO-8859-15"' in content.replace(b"'", b'"')
    assert b"C\xbcUR" in content  # Œ as ISO-8859-15 writes it (¼ in Latin-1)
    assert b"\xa4" in content  # €

    roster = read_roster(content, "ElevesSansAdresses.xml")

    assert roster == RosterFile(
        "siecle-xml", "0750654D", (replace(a_pupil(1), line=1), replace(ABROAD, line=2))
    )


def test_the_class_is_the_division_structure_and_not_a_group() -> None:
    roster = read_roster(siecle_xml([a_pupil(division="3B")]), "ElevesSansAdresses.xml")

    assert [pupil.division for pupil in roster.pupils] == ["3B"]  # not the group LATIN


def test_pupils_who_left_or_have_no_class_are_returned_for_the_application_to_skip() -> None:
    left = a_pupil(2, left_on=date(2025, 10, 3))
    inactive = eleve_fields(a_pupil(3)) | {"division": "Inactifs"}
    content = siecle_xml_of([eleve_fields(a_pupil(1, division=None)), eleve_fields(left), inactive])

    roster = read_roster(content, "ElevesSansAdresses.xml")

    assert [(p.line, p.division, p.left_on) for p in roster.pupils] == [
        (1, None, None),
        (2, "3A", date(2025, 10, 3)),
        (3, None, None),
    ]
    assert roster.problems == ()


def test_faulty_pupils_give_problems_named_by_their_position_and_eleve_id() -> None:
    eleves = [
        eleve_fields(a_pupil(1)) | {"ID_NATIONAL": None, "PRENOM": "  "},
        eleve_fields(a_pupil(2)) | {"DATE_NAISS": "2011-03-04", "CODE_SEXE": "3"},
        eleve_fields(a_pupil(3)),
        eleve_fields(a_pupil(3, first_name="Léa")),
        eleve_fields(a_pupil(4, national_id="12345")),
    ]

    roster = read_roster(siecle_xml_of(eleves), "ElevesSansAdresses.xml")

    assert rules(roster) == [
        (1, "national_id", "required"),
        (1, "first_name", "required"),
        (2, "birthdate", "date-format"),
        (2, "sex", "sex-code"),
        (4, "national_id", "duplicate-national-id"),
        (5, "national_id", "national-id-format"),
    ]
    assert roster.problems[2].value == "2011-03-04"
    assert "ELEVE_ID 1001" in roster.problems[2].detail
    assert [pupil.line for pupil in roster.pupils] == [3, 5]  # a doubtful INE is kept


def test_names_in_decomposed_unicode_come_back_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Hélène")
    content = siecle_xml([a_pupil(first_name=decomposed)], encoding="UTF-8")

    assert read_roster(content, "eleves.xml").pupils[0].first_name == "Hélène"


def test_the_zipped_export_reads_as_the_export() -> None:
    content = siecle_xml([a_pupil(1), ABROAD])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as opened:
        opened.writestr("__MACOSX/._ElevesSansAdresses.xml", b"\0\5\26\7")
        opened.writestr("export/ElevesSansAdresses.xml", content)

    assert read_roster(archive.getvalue(), "export.zip") == read_roster(content, "e.xml")


@pytest.mark.parametrize("members", [[], ["a.xml", "b.xml"]])
def test_an_archive_without_exactly_one_xml_file_is_refused(members: list[str]) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("lisez-moi.txt", "bonjour")
        for member in members:
            opened.writestr(member, siecle_xml([a_pupil()]))

    with pytest.raises(UnreadableFile, match="XML files, not one"):
        read_roster(archive.getvalue(), "export.zip")


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = zipped(b"\0" * (MAX_UNPACKED_BYTES + 1))
    assert len(bomb) < MAX_UNPACKED_BYTES // 500

    with pytest.raises(UnreadableFile) as refused:
        read_roster(bomb, "ElevesSansAdresses.zip")
    assert "trop volumineuse" in refused.value.french


def test_an_archive_of_too_many_files_is_refused() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as opened:
        for number in range(MAX_MEMBERS + 1):
            opened.writestr(f"{number}.xml", b"<a/>")

    with pytest.raises(UnreadableFile, match="100 files"):
        read_roster(archive.getvalue(), "export.zip")


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE BEE_ELEVES [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<BEE_ELEVES><PARAMETRES><UAJ>&b;</UAJ></PARAMETRES></BEE_ELEVES>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE BEE_ELEVES [<!ENTITY x SYSTEM "file:///etc/passwd">]><BEE_ELEVES>&x;</BEE_ELEVES>"""


@pytest.mark.parametrize("content", [LAUGHS, EXTERNAL], ids=["entities", "external"])
def test_a_document_with_a_dtd_is_refused(content: bytes) -> None:
    with pytest.raises(UnreadableFile) as refused:
        read_roster(content, "ElevesSansAdresses.xml")
    assert "DTD" in refused.value.french


@pytest.mark.parametrize(
    ("content", "french"),
    [
        (b"<?xml version='1.0'?><BEE_NOMENCLATURES/>", "n'est pas l'export des élèves"),
        (b"<?xml version='1.0'?><BEE_ELEVES><DONNEES><ELEVES/></DONNEES></BEE_ELEVES>", "aucun"),
        (b"<BEE_ELEVES><DONNEES>", "illisible"),
        (b"\x89PNG\r\n\x1a\n\0\0", "illisible"),
    ],
    ids=["another-export", "no-pupil", "cut-short", "named-xml"],
)
def test_an_xml_file_that_is_no_pupil_export_is_refused(content: bytes, french: str) -> None:
    with pytest.raises(UnreadableFile) as refused:
        read_roster(content, "ElevesSansAdresses.xml")
    assert french in refused.value.french


def test_a_problem_carries_the_value_the_file_held() -> None:
    eleves = [eleve_fields(a_pupil()) | {"DATE_SORTIE": "bientôt"}]

    (problem,) = read_roster(siecle_xml_of(eleves), "e.xml").problems

    assert problem == RowProblem(1, "left_on", "date-format", problem.detail, "bientôt")
    assert problem.detail.startswith("pupil 1 (ELEVE_ID 1000)")
