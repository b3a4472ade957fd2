"""The candidate-list template: written with the session's candidates, read back
as people leave it (CSV in any encoding, ODS, XLSX), every fault named by line."""

from __future__ import annotations

import io
import random
import unicodedata
import uuid
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
import xlsxwriter  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.documents.candidate_template import template_csv, template_ods
from adapters.imports.candidate_template import read_template
from adapters.imports.tables import UnreadableFile
from application.commands import CandidateInput
from application.views import CandidateView
from domain import values
from domain.name_order import name_order
from domain.values import BillingMode, BirthPlace, CentreType, Sex

HEADER = "* Nom de naissance;* Prénom;* Date de naissance (format : jj/mm/aaaa)"
PRO_HEADER = f"{HEADER};* Sexe (M ou F);Temps majoré ?;Tarification part Pix;Code de prépaiement"


def csv_file(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding)


def view(last: str, first: str, **fields: object) -> CandidateView:
    given: dict[str, object] = {
        "birthdate": date(2008, 1, 31),
        "sex": None,
        "birth_place": None,
        "external_id": None,
        "division": None,
        "convocation_email": None,
        "results_email": None,
        "extra_time": Decimal(0),
        "billing_mode": None,
        "accessibility_adjustment": False,
    }
    given.update(fields)
    return CandidateView(uuid.uuid4(), 1, uuid.uuid4(), last, first, **given)  # type: ignore[arg-type]


def expected_input(candidate: CandidateView) -> CandidateInput:
    """What the template carries: the division and the accessibility flag are not in it."""
    place = candidate.birth_place
    assert candidate.birthdate is not None
    return CandidateInput(
        last_name=candidate.last_name,
        first_name=candidate.first_name,
        birthdate=candidate.birthdate,
        sex=candidate.sex,
        birth_country=place.country if place else None,
        birth_insee_code=place.insee_code if place else None,
        birth_postal_code=place.postal_code if place else None,
        birth_city=place.city if place else None,
        external_id=candidate.external_id,
        convocation_email=candidate.convocation_email,
        results_email=candidate.results_email,
        billing_mode=candidate.billing_mode,
    )


# -- round trip --------------------------------------------------------------

LETTERS = "abcdeÉéèçÇôœßŁłAZ '-=+@"
names = st.text(LETTERS, min_size=1, max_size=16).map(lambda s: " ".join(s.split())).filter(bool)
codes = st.from_regex(r"\A[=+\-@0-9A-Z]{1,10}\Z")
places = st.one_of(
    st.none(),
    st.builds(BirthPlace, st.just("FRANCE"), insee_code=st.from_regex(r"\A(\d{5}|2[AB]\d{3})\Z")),
    st.builds(BirthPlace, st.just("FRANCE"), postal_code=st.from_regex(r"\A\d{5}\Z"), city=names),
    st.builds(BirthPlace, names, city=names),
)
emails = st.emails().map(str.lower)


def views(centre_type: CentreType) -> st.SearchStrategy[CandidateView]:
    billing = st.none() if centre_type is CentreType.SCO else st.sampled_from(BillingMode)
    return st.builds(
        view,
        names,
        names,
        birthdate=st.dates(date(1901, 1, 1), date(2020, 12, 31)),
        sex=st.none() | st.sampled_from(Sex),
        birth_place=places,
        external_id=st.none() | codes,
        division=st.none() | codes,
        convocation_email=st.none() | emails,
        results_email=st.none() | emails,
        extra_time=st.decimals(0, "9.9999", places=4).map(values.extra_time),
        billing_mode=billing,
        accessibility_adjustment=st.booleans(),
    )


@pytest.mark.parametrize("write", [template_csv, template_ods])
@pytest.mark.parametrize("centre_type", [CentreType.SCO, CentreType.PRO])
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_written_template_reads_back_as_the_same_candidates(
    write: object, centre_type: CentreType, data: st.DataObject
) -> None:
    candidates = data.draw(st.lists(views(centre_type), max_size=4))
    content = write(candidates, centre_type)  # type: ignore[operator]
    read = read_template(content, "liste.ods", centre_type)
    ordered = sorted(candidates, key=lambda c: name_order(c.last_name, c.first_name))
    assert read.problems == ()
    assert [row.candidate for row in read.rows] == [expected_input(c) for c in ordered]
    assert [row.extra_time for row in read.rows] == [c.extra_time for c in ordered]
    assert [row.line for row in read.rows] == list(range(2, len(ordered) + 2))


def test_the_csv_template_is_french_spreadsheet_text_in_name_order() -> None:
    candidates = [
        view("Zola", "Émile", extra_time=Decimal("0.33"), billing_mode=BillingMode.PAID),
        view("Çelik", "Ayşe", external_id="=1+1"),
        view("ERASED", "ERASED", birthdate=None, erased=True),
    ]
    text = template_csv(candidates, CentreType.SUP).decode("utf-8")
    lines = text.split("\r\n")
    assert text.startswith("\ufeffN°;* Nom de naissance;* Prénom;")
    assert lines[0].endswith(
        ";Identifiant local;Temps majoré ?;Tarification part Pix;Code de prépaiement"
    )
    assert lines[1] == "1;Çelik;Ayşe;31/01/2008;;;;;;;;'=1+1;;;"
    assert lines[2] == "2;Zola;Émile;31/01/2008;;;;;;;;;33 %;Payante;"
    assert lines[3:] == [""]
    school = template_csv(candidates, CentreType.SCO).decode("utf-8").split("\r\n")[0]
    assert school.endswith(";Identifiant local;Temps majoré ?")


def test_the_ods_template_has_a_bold_header_and_set_column_widths() -> None:
    content = template_ods([view("Durand", "Léa")], CentreType.SCO)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("content.xml").decode()
    assert 'fo:font-weight="bold"' in xml
    assert xml.count("<table:table-column ") == 13
    assert 'style:column-width="4.5cm"' in xml
    assert '<table:table-cell office:value-type="string"><text:p>31/01/2008</text:p>' in xml


# -- files as people leave them ---------------------------------------------


def test_an_xlsx_with_a_title_date_cells_and_numeric_extra_time_is_read() -> None:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet()
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    percent = workbook.add_format({"num_format": "0%"})
    sheet.write(1, 1, "Liste des candidats")  # nothing in the first row nor column
    sheet.write_row(2, 1, ["Nom de naissance", "Prénom", "Date de naissance\n(jj/mm/aaaa)"])
    sheet.write_row(2, 4, ["Temps majoré ?", "Code postal", "Nom de la commune", "Pays"])
    sheet.write_row(3, 1, ["DURAND", "Léa"])
    sheet.write_datetime(3, 3, datetime(2008, 1, 31), day)
    sheet.write_number(3, 4, 0.33, percent)
    sheet.write_row(3, 5, [1000, "Bourg", "France"])
    sheet.write_row(5, 1, ["Martin", "Paul", 39478, 33])
    workbook.close()
    read = read_template(output.getvalue(), "liste.xlsx", CentreType.SCO)
    assert (read.format, read.problems) == ("xlsx", ())
    first, second = read.rows
    assert (first.line, first.candidate.birthdate, first.extra_time) == (
        4,
        date(2008, 1, 31),
        Decimal("0.33"),
    )
    assert (first.candidate.last_name, first.candidate.birth_postal_code) == ("DURAND", "01000")
    assert (first.candidate.birth_city, first.candidate.birth_country) == ("Bourg", "France")
    assert (second.line, second.candidate.birthdate, second.extra_time) == (
        6,
        date(2008, 1, 31),
        Decimal("0.33"),
    )


def test_a_windows_csv_with_commas_is_read() -> None:
    content = csv_file(
        "Nom de naissance,Prénom,Date de naissance,Temps majoré,Identifiant local",
        'LEFÈVRE,Éloïse,1/2/2008,"0,33",0042',
        encoding="cp1252",
    )
    (row,) = read_template(content, "liste.csv", CentreType.SCO).rows
    assert (row.candidate.last_name, row.candidate.first_name) == ("LEFÈVRE", "Éloïse")
    assert (row.candidate.birthdate, row.extra_time) == (date(2008, 2, 1), Decimal("0.33"))
    assert row.candidate.external_id == "0042"


def test_a_utf8_csv_with_a_bom_decomposed_accents_and_loose_headers_is_read() -> None:
    header = (
        "  NOM DE NAISSANCE ;prenom;Date  de naissance (format: jj/mm/aaaa);E-MAIL DE CONVOCATION"
    )
    row = "  Lefèvre   d’Arc ;Éloïse;2008-01-31; Eloise.L@Exemple.FR "
    content = "\ufeff" + unicodedata.normalize("NFD", f"{header}\r\n\r\n;;;\r\n{row}\r\n")
    read = read_template(content.encode("utf-8"), "liste.csv", CentreType.SCO)
    (only,) = read.rows
    assert (only.line, read.problems) == (4, ())
    assert only.candidate.last_name == "Lefèvre d’Arc"
    assert only.candidate.first_name == unicodedata.normalize("NFC", "Éloïse")
    assert only.candidate.convocation_email == "eloise.l@exemple.fr"


@pytest.mark.parametrize(
    ("typed", "born"),
    [
        ("31/01/2008", date(2008, 1, 31)),
        ("1/2/2008", date(2008, 2, 1)),
        ("2008-01-31", date(2008, 1, 31)),
    ],
)
def test_a_birthdate_is_read_in_the_forms_people_type(typed: str, born: date) -> None:
    (row,) = read_template(csv_file(HEADER, f"Durand;Léa;{typed}"), "l.csv", CentreType.SCO).rows
    assert row.candidate.birthdate == born


@pytest.mark.parametrize(
    ("typed", "ratio"),
    [
        ("33 %", "0.33"),
        ("33%", "0.33"),
        ("0.33", "0.33"),
        ("0,33", "0.33"),
        ("33", "0.33"),
        ("", "0"),
    ],
)
def test_extra_time_is_read_as_a_percentage_or_a_ratio(typed: str, ratio: str) -> None:
    content = csv_file(f"{HEADER};Temps majoré ?", f"Durand;Léa;31/01/2008;{typed}")
    (row,) = read_template(content, "l.csv", CentreType.SCO).rows
    assert row.extra_time == Decimal(ratio)


@pytest.mark.parametrize(
    ("typed", "sex"), [("m", Sex.M), ("Homme", Sex.M), ("FEMME", Sex.F), ("", None)]
)
def test_the_sex_is_read_as_a_code_or_a_word(typed: str, sex: Sex | None) -> None:
    content = csv_file(f"{HEADER};Sexe", f"Durand;Léa;31/01/2008;{typed}")
    (row,) = read_template(content, "l.csv", CentreType.SCO).rows
    assert row.candidate.sex is sex


# -- faults ------------------------------------------------------------------


def test_every_fault_of_every_row_is_named_by_line_and_field() -> None:
    content = csv_file(
        PRO_HEADER,
        "Durand;Léa;31/02/2008;X;abc;Gratis;CODE",
        ";Léa;;F;;Gratuite;",
        ";;;;;;",
        "Martin;Paul;2008-01-31;homme;33;Payante;ABC",
        "Martin;Zoé;31/01/2008;Femme;0,33;Prépayée;ABC",
    )
    read = read_template(content, "liste.csv", CentreType.PRO)
    assert {(p.line, p.field, p.rule) for p in read.problems} == {
        (2, "birthdate", "date-format"),
        (2, "sex", "sex-code"),
        (2, "extra_time", "extra-time-format"),
        (2, "billing_mode", "billing-mode"),
        (3, "last_name", "required"),
        (3, "birthdate", "required"),
        (5, "prepayment_code", "prepayment-code-without-prepaid"),
    }
    assert {p.value for p in read.problems if p.line == 2} == {"31/02/2008", "X", "abc", "Gratis"}
    (row,) = read.rows
    assert (row.line, row.candidate.billing_mode, row.extra_time) == (
        6,
        BillingMode.PREPAID,
        Decimal("0.33"),
    )


def test_an_unknown_column_is_named_at_the_header_line() -> None:
    content = csv_file(
        f"{HEADER};Classe;Prénom;Tarification part Pix", "Durand;Léa;31/01/2008;3A;Jo;Payante"
    )
    read = read_template(content, "liste.csv", CentreType.SCO)
    assert [(p.line, p.field, p.rule, p.value) for p in read.problems] == [
        (1, None, "unknown-column", "Classe"),
        (1, None, "unknown-column", "Prénom"),
        (1, None, "unknown-column", "Tarification part Pix"),
    ]
    (row,) = read.rows
    assert (row.candidate.first_name, row.candidate.billing_mode) == ("Léa", None)


def test_a_file_without_a_required_column_is_refused_naming_it() -> None:
    content = csv_file("Nom de naissance;Prénom;Sexe", "Durand;Léa;F")
    with pytest.raises(UnreadableFile) as refused:
        read_template(content, "liste.csv", CentreType.SCO)
    assert "« Date de naissance (format : jj/mm/aaaa) »" in refused.value.french
    assert "Nom de naissance" not in refused.value.french


@pytest.mark.parametrize(
    "content",
    [
        random.Random(12).randbytes(3000),
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n",
        b"Bonjour,\nvoici la liste.\n",
    ],
)
def test_a_file_that_is_no_candidate_list_is_refused(content: bytes) -> None:
    with pytest.raises(UnreadableFile) as refused:
        read_template(content, "liste.pdf", CentreType.SCO)
    assert refused.value.french
