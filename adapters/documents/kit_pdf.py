"""The invigilator's kit, as the guide lists it: the attendance sheet, the
incident report, the fraud report, the access code to project and the
instructions for pupils, behind a cover that says what to do when."""

from __future__ import annotations

from adapters.documents import attendance_pdf, forms, texts
from adapters.documents.heading import heading, session_grid
from adapters.documents.layout import GREY, MARGIN, Page, Paint, Pen, fit_lines, render, width_of
from projections.engine import Doc

TITLE = "Kit du surveillant"
STAGES = (
    (
        "Avant",
        (
            "Allumer les postes et vérifier qu'ils accèdent au site de certification.",
            "Faire signer la feuille d'émargement ; y noter le temps majoré accordé.",
            "Projeter le code d'accès et lire les consignes aux candidats.",
        ),
    ),
    (
        "Pendant",
        (
            "Ouvrir l'espace surveillant avec le numéro de session et le mot de passe "
            "surveillant (communiqué à part, jamais imprimé).",
            "Confirmer la présence de chaque candidat : cela autorise son démarrage ; "
            "après une déconnexion, il faut l'autoriser à nouveau.",
            "Gérer le temps : 1 h 45 de test, plus le temps majoré ; la plateforme "
            "ne limite pas la durée.",
            "Noter chaque incident sur le procès-verbal avec son code ; en cas de fraude, "
            "remplir aussi le procès-verbal de fraude.",
        ),
    ),
    (
        "Après",
        (
            "Compter les présents et les absents sur la feuille d'émargement.",
            "Remettre la feuille signée et les procès-verbaux au chef d'établissement, "
            "qui finalise la session.",
        ),
    ),
)


def render_kit(sheet: Doc) -> bytes:
    return render([kit_pages(sheet)], f"{TITLE} – {texts.session_line(sheet['session'])}")


def kit_pages(sheet: Doc) -> list[Page]:
    footer = f"{TITLE} – {texts.session_line(sheet['session'])}"
    sheets = attendance_pdf.sheet_pages(sheet)
    contents = [
        ("Feuille d'émargement", len(sheets)),
        (forms.INCIDENT_TITLE, 1),
        (forms.FRAUD_TITLE, 1),
        ("Code d'accès à projeter", 1),
        ("Consignes aux candidats", 1),
    ]
    papers: list[Paint] = [
        lambda pen: forms.incident_report(pen, sheet),
        lambda pen: forms.fraud_report(pen, sheet),
    ]
    return [
        Page(lambda pen: cover(pen, sheet, contents), footer),
        *sheets,
        *(Page(paint, footer) for paint in papers),
        Page(lambda pen: access_code(pen, sheet), footer, turned=True),
        Page(lambda pen: instructions(pen, sheet), footer),
    ]


def cover(pen: Pen, sheet: Doc, contents: list[tuple[str, int]]) -> None:
    heading(pen, TITLE, sheet)
    y = session_grid(pen, sheet, signature=False) + 10
    pen.text(MARGIN, y, "Contenu", 12, bold=True)
    page = 2
    for title, count in contents:
        y += 6.5
        pages = f"page {page}" if count == 1 else f"pages {page} à {page + count - 1}"
        pen.text(MARGIN + 4, y, title, 10)
        pen.rule(MARGIN + 70, y, 80, dotted=True)
        pen.text(pen.width - MARGIN, y, pages, 10, align="right")
        page += count
    for stage, steps in STAGES:
        y += 12
        pen.text(MARGIN, y, f"{stage} la session", 12, bold=True)
        y += 2
        for step in steps:
            pen.text(MARGIN + 2, y + 3.6, "•", 10)
            y = pen.paragraph(MARGIN + 7, y, pen.width - 2 * MARGIN - 7, step, 10) + 1
    observations = sheet["session"].get("observations")
    if observations:
        pen.text(MARGIN, y + 10, "Observations", 12, bold=True)
        pen.paragraph(MARGIN, y + 12, pen.width - 2 * MARGIN, observations, 10)


def access_code(pen: Pen, sheet: Doc) -> None:
    """Large enough to be read from the back of the room when projected."""
    session, middle, room = sheet["session"], pen.width / 2, pen.width - 2 * MARGIN
    pen.text(middle, 32, "Code d'accès à la session", 30, bold=True, align="center")
    code = session.get("access_code") or ""
    size = min(150.0, 150 * room / max(width_of(code, 150, bold=True), 1))
    pen.text(middle, 118, code, size, bold=True, align="center")
    when = f"{texts.long_date(session['date'])}, {session['start_time']}"
    place = "".join(fit_lines(f"{texts.where(session)} – {when}", room, 18, most=1))
    pen.text(middle, 148, place, 18, align="center")
    hint = "Sur votre compte Pix, page « Certification » : saisissez ce code,"
    pen.text(middle, 170, hint, 16, align="center", grey=GREY)
    hint = "puis vos nom, prénom et date de naissance."
    pen.text(middle, 178, hint, 16, align="center", grey=GREY)


def instructions(pen: Pen, sheet: Doc) -> None:
    session = sheet["session"]
    pen.text(MARGIN, 22, "Consignes aux candidats", 20, bold=True)
    when = f"{texts.long_date(session['date'])}, {session['start_time']}"
    pen.text(MARGIN, 30, f"{texts.PIX} – {texts.where(session)} – {when}", 9, grey=GREY)
    y, width = 36.0, pen.width - 2 * MARGIN
    for title, points in texts.INSTRUCTIONS:
        y += 10
        pen.text(MARGIN, y, title, 14, bold=True)
        y += 3
        for point in points:
            pen.text(MARGIN + 2, y + 4.4, "•", 12)
            y = pen.paragraph(MARGIN + 7, y, width - 7, point, 12) + 2
