"""The two forms of the invigilator's kit, pre-filled with the session: the
incident report (with the codes staff write) and the fraud report."""

from __future__ import annotations

from adapters.documents import texts
from adapters.documents.heading import heading, session_grid
from adapters.documents.layout import LIGHT, MARGIN, Pen
from projections.engine import Doc

INCIDENT_TITLE = "Procès-verbal d'incident"
FRAUD_TITLE = "Procès-verbal de fraude"


def incident_report(pen: Pen, sheet: Doc) -> None:
    heading(pen, INCIDENT_TITLE, sheet)
    y = section(pen, session_grid(pen, sheet, signature=False) + 4, "Codes à reporter")
    y = table(
        pen,
        y,
        (("Code", 14.0), ("Incident", 122.0), ("À préciser", 50.0)),
        [list(category) for category in texts.INCIDENT_CATEGORIES],
        row_height=5.1,
    )
    y = section(pen, y + 4, "Incidents constatés")
    columns = (
        ("Heure", 16.0),
        ("Candidat (nom, prénom)", 52.0),
        ("Code", 14.0),
        ("Question", 18.0),
        ("Description, mesures prises", 86.0),
    )
    y = table(pen, y, columns, [[""] * len(columns)] * 8, row_height=8.5)
    y = yes_or_no(pen, y + 6, "Y a-t-il eu un incident pendant la session ?")
    y = yes_or_no(pen, y + 6, "Des candidats ont-ils eu du mal à rejoindre la session ?")
    width = pen.width - 2 * MARGIN
    pen.labelled(MARGIN, y + 4, width * 0.64, 20, "Nom et signature du ou des surveillants", "")
    pen.labelled(MARGIN + width * 0.64, y + 4, width * 0.36, 20, "Candidats présents", "")


def fraud_report(pen: Pen, sheet: Doc) -> None:
    heading(pen, FRAUD_TITLE, sheet)
    width = pen.width - 2 * MARGIN
    y = fraud_candidate(pen, session_grid(pen, sheet, signature=False) + 4, width)
    y = section(pen, y + 4, "Faits observés (ce qui a été vu ou entendu, à quel moment)")
    y = ruled_box(pen, y, 52)
    y = section(pen, y + 4, "Témoins")
    columns = (("Nom et prénom", 70.0), ("Qualité (surveillant, candidat…)", 56.0))
    y = table(pen, y, (*columns, ("Signature", 60.0)), [["", "", ""]] * 3, row_height=8)
    y = measures_taken(pen, y + 4, width)
    pen.labelled(MARGIN, y, width / 2, 22, "Nom et signature du surveillant", "")
    label = "Signature du candidat (ou « refuse de signer »)"
    pen.labelled(MARGIN + width / 2, y, width / 2, 22, label, "")
    note = (
        "Joindre ce procès-verbal au procès-verbal d'incident (code C6) ; il est remis au "
        "chef d'établissement pour la finalisation de la session."
    )
    pen.paragraph(MARGIN, y + 25, width, note, 8)


def fraud_candidate(pen: Pen, y: float, width: float) -> float:
    """Who, when, during which question: left blank for the invigilator."""
    y, x = section(pen, y, "Candidat concerné"), MARGIN
    for label, share in (("Nom", 0.32), ("Prénom", 0.27), ("Date de naissance", 0.19)):
        pen.labelled(x, y, width * share, 11, label, "")
        x += width * share
    pen.labelled(x, y, MARGIN + width - x, 11, "Classe ou identifiant", "")
    y += 11
    pen.labelled(MARGIN, y, width * 0.25, 11, "Heure des faits", "")
    pen.labelled(MARGIN + width * 0.25, y, width * 0.25, 11, "Code au PV d'incident", "C6")
    pen.labelled(MARGIN + width * 0.5, y, width * 0.5, 11, "Question en cours (n°)", "")
    return y + 11


def measures_taken(pen: Pen, y: float, width: float) -> float:
    y = section(pen, y, "Mesures prises")
    measures = (
        "Document ou matériel retiré",
        "Candidat changé de place",
        "Test arrêté par le surveillant",
        "Candidat exclu de la salle",
    )
    for index, measure in enumerate(measures):
        pen.checkbox(MARGIN + 2 + (index % 2) * 93, y + 4 + (index // 2) * 6, measure)
    pen.checkbox(MARGIN + 2, y + 16, "Autre :")
    pen.rule(MARGIN + 20, y + 16.6, width - 22, dotted=True)
    return y + 22


def section(pen: Pen, y: float, title: str) -> float:
    """A small bold title; answers where what it introduces starts."""
    pen.text(MARGIN, y + 3.5, title, 9.5, bold=True)
    return y + 5.5


def table(
    pen: Pen,
    y: float,
    columns: tuple[tuple[str, float], ...],
    rows: list[list[str]],
    row_height: float,
) -> float:
    x = MARGIN
    for title, width in columns:
        pen.box(x, y, width, 6, fill=LIGHT)
        pen.cell(x, y, width, 6, title, 7.5, bold=True, most=1)
        x += width
    y += 6
    for row in rows:
        x = MARGIN
        for column, (value, (_, width)) in enumerate(zip(row, columns, strict=True)):
            pen.box(x, y, width, row_height)
            pen.cell(x, y, width, row_height, value, 8, bold=column == 0, most=1)
            x += width
        y += row_height
    return y


def yes_or_no(pen: Pen, y: float, question: str) -> float:
    pen.text(MARGIN, y, question, 9)
    pen.checkbox(MARGIN + 120, y, "Oui")
    pen.checkbox(MARGIN + 140, y, "Non")
    return y + 2


def ruled_box(pen: Pen, y: float, height: float) -> float:
    width = pen.width - 2 * MARGIN
    pen.box(MARGIN, y, width, height)
    line = y + 7
    while line < y + height - 2:
        pen.rule(MARGIN + 3, line, width - 6, dotted=True)
        line += 7
    return y + height
