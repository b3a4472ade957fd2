"""The top of every paper: its title, the centre, and the session's details."""

from __future__ import annotations

from adapters.documents import texts
from adapters.documents.layout import GREY, MARGIN, Pen, fit_lines
from projections.engine import Doc

GRID_TOP = 28.0


def heading(pen: Pen, title: str, sheet: Doc) -> None:
    """Title on the left, the centre on the right, on one line each."""
    right = pen.width - MARGIN
    pen.text(MARGIN, 19, title, 16, bold=True)
    pen.text(MARGIN, 24.5, texts.PIX, 8.5, grey=GREY)
    centre = sheet.get("centre")
    if centre:
        name = "".join(fit_lines(centre["name"], 80, 10, bold=True, most=1))
        pen.text(right, 17, name, 10, bold=True, align="right")
        pen.text(right, 22, f"UAI {centre['national_code']}", 7.5, align="right", grey=GREY)


def session_grid(pen: Pen, sheet: Doc, y: float = GRID_TOP, signature: bool = True) -> float:
    """Session number, date, times, site, room and examiners, pre-filled in form
    fields; answers the height where the grid ends."""
    session, x, w = sheet["session"], MARGIN, pen.width - 2 * MARGIN
    first, second = w * 0.43, w * 0.33
    third = w - first - second
    pen.labelled(x, y, first, 11, "Session n°", texts.session_number(session))
    pen.labelled(x + first, y, second, 11, "Date", texts.long_date(session["date"]))
    pen.labelled(x + first + second, y, third, 11, "Heure de début", session["start_time"])
    y += 11
    pen.labelled(x, y, first, 11, "Site", session["site"])
    pen.labelled(x + first, y, second, 11, "Salle", session["room"])
    end = session["end_time"]
    pen.labelled(x + first + second, y, third, 11, "Fin prévue (hors temps majoré)", end)
    y += 11
    if not signature:
        pen.labelled(x, y, w, 11, "Surveillant(s)", session["examiner"])
        return y + 11
    pen.labelled(x, y, first, 16, "Surveillant(s)", session["examiner"])
    pen.labelled(x + first, y, w - first, 16, "Signature du ou des surveillants", "")
    return y + 16
