"""Convocations: one letter per candidate with the date, time, site and room,
their end time when they have extra time, what to bring, the reminder to check
beforehand that one is certifiable under the rule in force, and a place and
date line.

Besides the attendance sheet's fields the sheet may carry ``rule`` (the
eligibility rule in force: ``min_competences``, ``min_level``) and
``issued_on`` (the letter's date, ISO); without them the default rule and the
session's date are printed."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from adapters import display
from adapters.documents import texts
from adapters.documents.layout import GREY, LIGHT, MARGIN, MM, Page, Pen, fit_lines, render
from domain.rules import DEFAULT_RULE, end_with_extra_time
from projections.engine import Doc

TITLE = "Convocation"
ON_THE_DAY = (
    "Présentez-vous quelques minutes avant l'heure de début.",
    "Vous signerez la feuille d'émargement ; le code d'accès vous sera donné dans la salle.",
    "Votre téléphone restera éteint et rangé pendant toute la session.",
)


def render_convocations(sheet: Doc) -> bytes:
    """The whole session's letters, each numbered on its own."""
    letters = [[letter(sheet, row)] for row in sheet["rows"]]
    return render(letters or [[nobody(sheet)]], f"Convocations – {session_line(sheet)}")


def render_convocation(sheet: Doc, row: Doc) -> bytes:
    return render([[letter(sheet, row)]], f"{TITLE} – {full_name(row)} – {session_line(sheet)}")


def letter(sheet: Doc, row: Doc) -> Page:
    footer = f"{TITLE} – {full_name(row)} – {session_line(sheet)}"
    return Page(lambda pen: paint_letter(pen, sheet, row), footer)


def nobody(sheet: Doc) -> Page:
    def paint(pen: Pen) -> None:
        pen.text(MARGIN, 30, "Convocations", 20, bold=True)
        pen.text(MARGIN, 42, "Aucun candidat n'est inscrit à cette session.", 11, grey=GREY)

    return Page(paint, f"Convocations – {session_line(sheet)}")


def full_name(row: Doc) -> str:
    return f"{row['first_name']} {row['last_name']}"


def session_line(sheet: Doc) -> str:
    return texts.session_line(sheet["session"])


def paint_letter(pen: Pen, sheet: Doc, row: Doc) -> None:
    session, width = sheet["session"], pen.width - 2 * MARGIN
    sender(pen, sheet)
    addressee(pen, row)
    pen.cell(MARGIN - 1.2, 70, width + 1.2, 10, addressed_to(row), 18, bold=True, most=1)
    pen.text(MARGIN, 84, texts.PIX, 10, grey=GREY)
    body = (
        "Vous êtes convoqué(e) à une session de certification Pix des compétences numériques. "
        "La session dure 2 heures, dont 1 h 45 de test."
    )
    y = pen.paragraph(MARGIN, 90, width, body, 11) + 3
    y = details(pen, y, session, row, width)
    y = reminder(pen, y + 6, width, texts.check_first(rule_of(sheet)))
    y = bullets(pen, y + 6, "À apporter", texts.TO_BRING, width)
    y = bullets(pen, y + 4, "Le jour de la session", ON_THE_DAY, width)
    bottom = max(y + 10, 250)
    pen.text(MARGIN, bottom, place_and_date(sheet), 10)
    pen.text(pen.width - MARGIN, bottom + 6, "Le chef d'établissement", 10, align="right")


def sender(pen: Pen, sheet: Doc) -> None:
    centre = sheet.get("centre")
    if centre:
        pen.text(MARGIN, 20, "".join(fit_lines(centre["name"], 95, 12, True, 1)), 12, bold=True)
        pen.text(MARGIN, 25.5, f"UAI {centre['national_code']}", 8, grey=GREY)
    pen.text(MARGIN, 31, "".join(fit_lines(sheet["session"]["site"], 95, 9, most=1)), 9)


def addressee(pen: Pen, row: Doc) -> None:
    x, width = 118.0, pen.width - MARGIN - 118.0
    pen.text(x, 40, "Destinataire", 8, grey=GREY)
    pen.cell(x - 1.2, 42, width + 1.2, 11, full_name(row), 12, bold=True, most=2)
    y = 58.0
    if texts.class_or_id(row):
        pen.text(x, y, f"Classe ou identifiant : {texts.class_or_id(row)}", 9)
        y += 5
    pen.text(x, y, f"Né(e) le {row['birthdate']}", 9)


def addressed_to(row: Doc) -> str:
    """ "Convocation d'Étienne Durand", "Convocation de Paul Martin"."""
    return f"{TITLE} {display.elided(full_name(row), 'de')}"


def place_and_date(sheet: Doc) -> str:
    """ "À Bâtiment B, le 1er décembre 2026"."""
    issued = date.fromisoformat(sheet.get("issued_on") or sheet["session"]["date"])
    place = sheet["session"]["site"] or (sheet.get("centre") or {}).get("name", "")
    return f"À {place}, le {display.dated(issued)}" if place else f"Le {display.dated(issued)}"


def rule_of(sheet: Doc) -> dict[str, Any]:
    rule: dict[str, Any] | None = sheet.get("rule")
    return rule or {"min_competences": DEFAULT_RULE.min_competences, "min_level": 1}


def end_of(session: Doc, extra: str | None) -> str:
    """The end time of a pupil with extra time, or nothing without any."""
    try:
        ratio = Decimal(extra or "0")
    except InvalidOperation:  # an erased value
        return ""
    if ratio <= 0:
        return ""
    return display.clock(end_with_extra_time(time.fromisoformat(session["start_time"]), ratio))


def details(pen: Pen, y: float, session: Doc, row: Doc, width: float) -> float:
    pen.labelled(MARGIN, y, width / 2, 12, "Date", texts.long_date(session["date"]))
    pen.labelled(MARGIN + width / 2, y, width / 4, 12, "Heure de début", session["start_time"])
    end = session["end_time"]
    pen.labelled(MARGIN + width * 3 / 4, y, width / 4, 12, "Fin (hors temps majoré)", end)
    y += 12
    pen.labelled(MARGIN, y, width / 2, 12, "Site", session["site"])
    pen.labelled(MARGIN + width / 2, y, width / 4, 12, "Salle", session["room"])
    number = texts.session_number(session)
    pen.labelled(MARGIN + width * 3 / 4, y, width / 4, 12, "Session n°", number)
    y += 12
    extra, end = texts.percent(row.get("extra_time")), end_of(session, row.get("extra_time"))
    if extra and end:
        pen.labelled(MARGIN, y, width / 2, 12, "Temps majoré", extra)
        pen.labelled(MARGIN + width / 2, y, width / 2, 12, "Votre heure de fin", end)
        y += 12
    return y


def reminder(pen: Pen, y: float, width: float, text: str) -> float:
    """The guide's first step for pupils, set apart so that it is not missed."""
    lines = fit_lines(text, width - 8, 10.5, most=10)
    height = 11 + len(lines) * 10.5 * 1.35 / MM
    pen.box(MARGIN, y, width, height, fill=LIGHT)
    pen.text(MARGIN + 4, y + 6.5, "Avant la session : êtes-vous certifiable ?", 11, bold=True)
    pen.paragraph(MARGIN + 4, y + 8.5, width - 8, text, 10.5)
    return y + height


def bullets(pen: Pen, y: float, title: str, points: tuple[str, ...], width: float) -> float:
    pen.text(MARGIN, y + 4, title, 11, bold=True)
    y += 6
    for point in points:
        pen.text(MARGIN + 2, y + 3.8, "•", 10.5)
        y = pen.paragraph(MARGIN + 7, y, width - 7, point, 10.5) + 1
    return y
