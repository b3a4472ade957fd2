"""The papers, read back from their PDF text as the people who print them would."""

from __future__ import annotations

import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from reportlab.pdfbase import pdfmetrics

from adapters.documents import attendance_pdf, convocations_pdf, kit_pdf, layout, spreadsheets
from adapters.documents.attendance_pdf import COLUMNS, ROW_HEIGHT
from adapters.documents.texts import INCIDENT_CATEGORIES
from projections.engine import Doc
from tests.documents import sample
from tests.documents.pdf import MM, cell_texts, open_pdf, pages_text, row_bands

HEADER_FIELDS = [
    str(sample.SESSION_NUMBER),
    "lundi 15 mars 2027",
    "09:00",
    "Bâtiment B",
    "Salle 101",
    "M. Karim Benali, Mme Sophie Lemoine",
    "Signature du ou des surveillants",
]


def column(index: int) -> tuple[float, float]:
    """Left and right edges of a column of the attendance table, in millimetres."""
    left = layout.MARGIN + sum(width for _, width in COLUMNS[:index])
    return left, left + COLUMNS[index][1]


def test_the_sheet_lists_every_candidate_once_in_order_twenty_a_page() -> None:
    content = attendance_pdf.render_sheet(sample.numbered(41))
    with open_pdf(content) as pdf:
        names = [cell_texts(page, *column(1), ROW_HEIGHT) for page in pdf.pages]
    assert [len(page) for page in names] == [20, 20, 1]
    assert [name for page in names for name in page] == [f"Élève{n:03d}" for n in range(1, 42)]
    for number, text in enumerate(pages_text(content), start=1):
        assert f"Page {number} / 3" in text
        assert all(field in text for field in HEADER_FIELDS)
    assert "Candidats inscrits : 41" in pages_text(content)[2]


def test_an_empty_sheet_still_prints_its_header() -> None:
    [text] = pages_text(attendance_pdf.render_sheet(sample.sheet([])))
    assert all(field in text for field in HEADER_FIELDS)
    assert "Aucun candidat inscrit" in text
    assert "Page 1 / 1" in text


def test_a_row_shows_birthdate_class_or_identifier_and_extra_time() -> None:
    with open_pdf(attendance_pdf.render_sheet(sample.troublesome())) as pdf:
        page = pdf.pages[0]
        births, classes, extra = (cell_texts(page, *column(i), ROW_HEIGHT) for i in (3, 4, 5))
    durand = sample.troublesome()["rows"][1]
    assert births[1] == durand["birthdate"]
    assert classes[1] == (durand["division"] or durand["external_id"])
    assert extra[1] == "33 %"
    assert extra.count("") == 7


@pytest.mark.parametrize(
    "render",
    [
        attendance_pdf.render_sheet,
        kit_pdf.render_kit,
        convocations_pdf.render_convocations,
    ],
)
def test_accented_and_other_scripts_come_out_as_written(render: Callable[[Doc], bytes]) -> None:
    text = "\n".join(pages_text(render(sample.troublesome())))
    for last, first in sample.NAMES[:6]:
        assert last in text
        assert first in text


def test_the_fonts_are_the_ones_the_project_ships_and_are_embedded() -> None:
    layout.fonts()
    for name, file in layout.FONT_FILES.items():
        shipped = Path(layout.FONTS / file)
        assert shipped.is_file()
        assert Path(pdfmetrics.getFont(name).face.filename) == shipped
    with open_pdf(attendance_pdf.render_sheet(sample.troublesome())) as pdf:
        used = {char["fontname"].split("+")[-1] for char in pdf.pages[0].chars}
    assert used == {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"}


def test_a_very_long_name_is_wrapped_then_shortened_inside_its_cell() -> None:
    with open_pdf(attendance_pdf.render_sheet(sample.troublesome())) as pdf:
        page = pdf.pages[0]
        last = cell_texts(page, *column(1), ROW_HEIGHT)[4]
        first = cell_texts(page, *column(2), ROW_HEIGHT)[4]
        top, bottom = row_bands(page, ROW_HEIGHT)[4]
        inside = [c for c in page.chars if top < c["top"] and c["bottom"] < bottom]
    assert last.startswith("Martin-Dupont de la")
    assert last.endswith("…")
    assert first.startswith("Marie-Charlotte")
    assert first.endswith("…")
    bold = [c for c in inside if "Bold" in c["fontname"]]
    assert "".join(c["text"] for c in bold).replace(" ", "") == last.replace(" ", "")
    for index, font in ((1, "Bold"), (2, "DejaVuSans")):
        left, right = column(index)
        chars = [c for c in inside if c["fontname"].endswith(font) and c["x0"] > left * MM - 1]
        assert all(c["x1"] < right * MM for c in chars if c["x0"] < right * MM)


def test_a_long_name_on_a_convocation_stays_on_the_page() -> None:
    long = sample.sheet([sample.row(1, sample.LONG_LAST, sample.LONG_FIRST)])
    with open_pdf(convocations_pdf.render_convocations(long)) as pdf:
        page = pdf.pages[0]
        assert max(c["x1"] for c in page.chars) < page.width - layout.MARGIN * MM + 1
        assert "…" in (page.extract_text() or "")


def test_the_kit_holds_every_paper_of_the_guide_pre_filled() -> None:
    content = kit_pdf.render_kit(sample.troublesome())
    pages = pages_text(content)
    assert len(pages) == 6
    cover, sheet, incident, fraud, code, instructions = pages
    assert "page 2" in cover
    assert "page 6" in cover
    assert "Feuille d'émargement" in sheet
    assert "Lefèvre" in sheet
    for code_name, meaning, _ in INCIDENT_CATEGORIES:
        assert f"{code_name} {meaning}" in incident
    for part in ("Candidat concerné", "Faits observés", "Témoins", "Mesures prises"):
        assert part in fraud
    for paper in (incident, fraud):
        assert all(field in paper for field in HEADER_FIELDS[:6])
    assert "BCDF23" in code
    assert "1 h 45" in instructions
    assert "code d'accès" in instructions
    with open_pdf(content) as pdf:
        turned = pdf.pages[4]
        assert turned.width > turned.height
        big = {round(c["size"]) for c in turned.chars if c["text"] in "BCDF23"}
        assert max(big) >= 140


def test_there_is_one_convocation_per_candidate_in_order() -> None:
    data = sample.troublesome()
    pages = pages_text(convocations_pdf.render_convocations(data))
    assert len(pages) == len(data["rows"])
    for page, row in zip(pages, data["rows"][:4], strict=False):
        assert f"{row['first_name']} {row['last_name']}" in page
        for words in ("lundi 15 mars 2027", "09:00", "Bâtiment B", "Salle 101", "À apporter"):
            assert words in page
        assert "5 compétences positionnées" in " ".join(page.split())
    [single] = pages_text(convocations_pdf.render_convocation(data, data["rows"][1]))
    assert "Hugo Durand" in single
    assert "33 %" in single


def test_a_session_without_candidates_has_a_page_that_says_so() -> None:
    [page] = pages_text(convocations_pdf.render_convocations(sample.sheet([])))
    assert "Aucun candidat" in page


def test_the_same_data_gives_the_same_bytes() -> None:
    assert kit_pdf.render_kit(sample.troublesome()) == kit_pdf.render_kit(sample.troublesome())


def test_the_ods_holds_the_same_rows_as_the_csv() -> None:
    data = sample.troublesome()
    text = spreadsheets.render_csv(data).decode("utf-8-sig")
    csv_rows = [line.split(";") for line in text.splitlines()]
    book = CalamineWorkbook.from_filelike(io.BytesIO(spreadsheets.render_ods(data)))
    ods_rows = [
        [str(int(v)) if isinstance(v, float) else str(v) for v in row]
        for row in book.get_sheet_by_index(0).to_python()
    ]
    assert ods_rows == csv_rows
    assert [row[1] for row in csv_rows[1:]] == [row["last_name"] for row in data["rows"]]
    assert csv_rows[0][:4] == ["N°", "Nom", "Prénom", "Date de naissance"]


def test_a_name_that_looks_like_a_formula_is_not_one_in_the_csv() -> None:
    data = sample.sheet([sample.row(1, "=HYPERLINK(1)", "Eve")])
    assert ";'=HYPERLINK(1);" in spreadsheets.render_csv(data).decode("utf-8-sig")


def test_papers_built_at_the_same_time_are_those_built_one_by_one() -> None:
    """The API builds papers on several threads; fonts are shared between them."""
    data = [sample.troublesome(), sample.numbered(41), sample.sheet([])]
    expected = [kit_pdf.render_kit(d) for d in data]
    order = [n % len(data) for n in range(24)]
    with ThreadPoolExecutor(6) as pool:
        built = list(pool.map(lambda n: kit_pdf.render_kit(data[n]), order))
    assert built == [expected[n] for n in order]
