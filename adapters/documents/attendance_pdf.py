"""The attendance sheet (feuille d'émargement) as printed: A4, 20 candidates a
page, sorted by last name, a signature box for each; never an email."""

from __future__ import annotations

from adapters.documents import texts
from adapters.documents.heading import heading, session_grid
from adapters.documents.layout import GREY, LIGHT, MARGIN, Page, Paint, Pen, render
from projections.engine import Doc

ROWS_PER_PAGE = 20
ROW_HEIGHT = 9.5
HEADER_HEIGHT = 8.0
COLUMNS = (
    ("N°", 8.0),
    ("Nom", 40.0),
    ("Prénom", 32.0),
    ("Date de naissance", 21.0),
    ("Classe ou identifiant", 26.0),
    ("Temps majoré", 16.0),
    ("Signature", 43.0),
)
TITLE = "Feuille d'émargement"


def render_sheet(sheet: Doc) -> bytes:
    return render([sheet_pages(sheet)], footer_of(sheet))


def render_centre(sheets: list[Doc], centre_name: str) -> bytes:
    """Every sheet of a centre in one file, each numbered on its own."""
    title = f"Feuilles d'émargement – {centre_name}"
    return render([sheet_pages(sheet) for sheet in sheets] or [[no_session(title)]], title)


def no_session(title: str) -> Page:
    def paint(pen: Pen) -> None:
        pen.text(MARGIN, 30, title, 16, bold=True)
        pen.text(MARGIN, 42, "Aucune session dans ce centre.", 11, grey=GREY)

    return Page(paint, title)


def sheet_pages(sheet: Doc) -> list[Page]:
    rows: list[Doc] = sheet["rows"]
    chunks = [rows[i : i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)] or [[]]
    footer = footer_of(sheet)
    last = len(chunks) - 1
    return [
        Page(_painter(sheet, chunk, number * ROWS_PER_PAGE, number == last), footer)
        for number, chunk in enumerate(chunks)
    ]


def footer_of(sheet: Doc) -> str:
    return f"{TITLE} – {texts.session_line(sheet['session'])}"


def _painter(sheet: Doc, rows: list[Doc], first: int, last: bool) -> Paint:
    def paint(pen: Pen) -> None:
        heading(pen, TITLE, sheet)
        top = session_grid(pen, sheet) + 6
        table_header(pen, top)
        y = top + HEADER_HEIGHT
        for index, row in enumerate(rows):
            candidate_row(pen, y, first + index + 1, row, shaded=index % 2 == 1)
            y += ROW_HEIGHT
        if not sheet["rows"]:
            pen.text(MARGIN + 2, y + 6, "Aucun candidat inscrit à cette session.", 9, grey=GREY)
            y += ROW_HEIGHT
        if last:
            tally(pen, y + 8, len(sheet["rows"]))

    return paint


def table_header(pen: Pen, y: float) -> None:
    x = MARGIN
    for title, width in COLUMNS:
        pen.box(x, y, width, HEADER_HEIGHT, fill=LIGHT)
        pen.cell(x, y, width, HEADER_HEIGHT, title, 7, bold=True, align="center")
        x += width


def candidate_row(pen: Pen, y: float, number: int, row: Doc, shaded: bool) -> None:
    values = (
        (str(number), 8.0, False, "center"),
        (row["last_name"], 9.0, True, "left"),
        (row["first_name"], 9.0, False, "left"),
        (row["birthdate"], 8.5, False, "center"),
        (texts.class_or_id(row), 8.5, False, "left"),
        (texts.percent(row.get("extra_time")), 8.5, False, "center"),
        ("", 9.0, False, "left"),
    )
    x = MARGIN
    for (value, size, bold, align), (_, width) in zip(values, COLUMNS, strict=True):
        pen.box(x, y, width, ROW_HEIGHT, fill=0.975 if shaded else None)
        pen.cell(x, y, width, ROW_HEIGHT, value, size, bold=bold, align=align)
        x += width


def tally(pen: Pen, baseline: float, enrolled: int) -> None:
    """Counts the invigilator fills in after the session, for finalisation."""
    pen.text(MARGIN, baseline, f"Candidats inscrits : {enrolled}", 9, bold=True)
    pen.text(MARGIN + 55, baseline, "Présents :", 9)
    pen.rule(MARGIN + 73, baseline + 0.8, 25)
    pen.text(MARGIN + 105, baseline, "Absents :", 9)
    pen.rule(MARGIN + 122, baseline + 0.8, 25)
