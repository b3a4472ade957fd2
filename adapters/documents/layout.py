"""What every paper shares: the fonts the project ships, a pen that measures in
millimetres from the top-left corner, text that never overflows its box, and
page numbers.

Fonts are registered once per process from ``fonts/`` beside this module, never
from the machine: DejaVu Sans covers Latin, Greek and Cyrillic; Droid Sans
Fallback draws what DejaVu lacks (Chinese, Japanese, Korean), run by run.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD, FALLBACK = "CertifSans", "CertifSans-Bold", "CertifFallback"
FONT_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK: "DroidSansFallback.ttf",
}
MM = 72 / 25.4
ELLIPSIS = "…"
MARGIN = 12.0
INK, GREY, LIGHT = 0.0, 0.35, 0.93
_TOKENS = re.compile(r"\s*[^\s-]+-?|\s*-")
_lock = threading.Lock()
_render_lock = threading.Lock()
_coverage: dict[str, Container[int]] = {}


def fonts() -> dict[str, Container[int]]:
    """The code points each shipped font draws; registers them on first use."""
    with _lock:
        if not _coverage:
            for name, file in FONT_FILES.items():
                font = TTFont(name, str(FONTS / file))
                pdfmetrics.registerFont(font)
                _coverage[name] = font.face.charToGlyph
        return _coverage


def runs(text: str, font: str) -> list[tuple[str, str]]:
    """The text cut into pieces, each with the font that has its glyphs."""
    coverage = fonts()
    primary, fallback = coverage[font], coverage[FALLBACK]
    found: list[tuple[str, str]] = []
    for char in text:
        code = ord(char)
        chosen = FALLBACK if code not in primary and code in fallback else font
        if found and found[-1][0] == chosen:
            found[-1] = (chosen, found[-1][1] + char)
        else:
            found.append((chosen, char))
    return found


def width_of(text: str, size: float, bold: bool = False) -> float:
    """Width in millimetres, as the text will be drawn."""
    font = BOLD if bold else REGULAR
    points = sum(pdfmetrics.stringWidth(piece, name, size) for name, piece in runs(text, font))
    return points / MM


def fit_lines(text: str, width: float, size: float, bold: bool = False, most: int = 2) -> list[str]:
    """Wraps at spaces and hyphens (inside a word if it must), at most ``most``
    lines; what does not fit is cut and ends with a visible ellipsis."""
    lines: list[str] = []
    current = ""
    for token in _TOKENS.findall(" ".join(text.split())):
        candidate = current + token if current else token.lstrip()
        if width_of(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = token.lstrip()
        while len(current) > 1 and width_of(current, size, bold) > width:
            cut = _longest_prefix(current, width, size, bold)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) <= most:
        return lines
    return [*lines[: most - 1], shortened(lines[most - 1], width, size, bold)]


def shortened(text: str, width: float, size: float, bold: bool = False) -> str:
    """The text with an ellipsis, cut until both fit the width."""
    kept = text.rstrip()
    while kept and width_of(kept + ELLIPSIS, size, bold) > width:
        kept = kept[:-1].rstrip()
    return kept + ELLIPSIS


def _longest_prefix(text: str, width: float, size: float, bold: bool) -> int:
    cut = 1
    while cut < len(text) and width_of(text[: cut + 1], size, bold) <= width:
        cut += 1
    return cut


class Pen:
    """Draws on one page, in millimetres measured from the top-left corner."""

    def __init__(self, canvas: Canvas, width: float, height: float) -> None:
        self.canvas = canvas
        self.width = width
        self.height = height

    def text(
        self,
        x: float,
        baseline: float,
        value: str,
        size: float = 10,
        bold: bool = False,
        align: str = "left",
        grey: float = INK,
    ) -> None:
        if align != "left":
            shift = width_of(value, size, bold)
            x -= shift / 2 if align == "center" else shift
        left, bottom = x * MM, (self.height - baseline) * MM
        self.canvas.setFillGray(grey)
        for font, piece in runs(value, BOLD if bold else REGULAR):
            self.canvas.setFont(font, size)
            self.canvas.drawString(left, bottom, piece)
            left += pdfmetrics.stringWidth(piece, font, size)

    def box(
        self, x: float, y: float, w: float, h: float, fill: float | None = None, line: float = 0.3
    ) -> None:
        self.canvas.setLineWidth(line)
        self.canvas.setStrokeGray(INK)
        if fill is not None:
            self.canvas.setFillGray(fill)
        bottom = (self.height - y - h) * MM
        self.canvas.rect(x * MM, bottom, w * MM, h * MM, stroke=1, fill=int(fill is not None))

    def rule(
        self, x: float, y: float, length: float, grey: float = 0.6, dotted: bool = False
    ) -> None:
        """A horizontal line to write on."""
        self.canvas.setLineWidth(0.3)
        self.canvas.setStrokeGray(grey)
        if dotted:
            self.canvas.setDash(1, 2)
        top = (self.height - y) * MM
        self.canvas.line(x * MM, top, (x + length) * MM, top)
        self.canvas.setDash()

    def cell(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        value: str,
        size: float = 9,
        bold: bool = False,
        most: int = 2,
        align: str = "left",
    ) -> None:
        """Text kept inside the box x, y, w, h: wrapped, then cut, centred vertically."""
        pad = 1.2
        lines = fit_lines(value, w - 2 * pad, size, bold, most) if value else []
        line_height = size * 1.2 / MM
        top = y + (h - len(lines) * line_height) / 2
        anchor = {"left": x + pad, "center": x + w / 2, "right": x + w - pad}[align]
        for number, line in enumerate(lines):
            baseline = top + number * line_height + size * 0.88 / MM
            self.text(anchor, baseline, line, size, bold, align)

    def labelled(self, x: float, y: float, w: float, h: float, label: str, value: str) -> None:
        """A form field: its box, a small label at the top, the value below."""
        self.box(x, y, w, h)
        self.text(x + 1.5, y + 3.2, label, 6.5, grey=GREY)
        self.cell(x, y + 3.5, w, h - 3.5, value, 9.5, most=max(1, int((h - 3.5) // 4.3)))

    def paragraph(self, x: float, y: float, w: float, value: str, size: float = 10) -> float:
        """Prose wrapped to the width; answers where the next line would start."""
        step = size * 1.35 / MM
        for line in fit_lines(value, w, size, most=1000):
            self.text(x, y + size * 0.9 / MM, line, size)
            y += step
        return y

    def checkbox(self, x: float, y: float, label: str, size: float = 9) -> None:
        self.box(x, y - 2.9, 3, 3)
        self.text(x + 4.5, y, label, size)


Paint = Callable[[Pen], None]


@dataclass(frozen=True)
class Page:
    """One page of a paper: how to paint it, and the words at its foot."""

    paint: Paint
    footer: str
    turned: bool = False


def render(documents: Sequence[Sequence[Page]], title: str) -> bytes:
    """One PDF; each document numbers its own pages ("Page x / y") so that a
    centre's export prints as separate sheets. Invariant: same data, same bytes.

    One paper at a time per process: reportlab's shared fonts keep per-document
    subsetting state that two threads drawing at once can interleave."""
    fonts()
    with _render_lock:
        return _rendered(documents, title)


def _rendered(documents: Sequence[Sequence[Page]], title: str) -> bytes:
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=A4, invariant=True, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Certification sessions")
    canvas.setCreator("Certification sessions")
    for pages in documents:
        for number, page in enumerate(pages, start=1):
            size = landscape(A4) if page.turned else A4
            canvas.setPageSize(size)
            pen = Pen(canvas, size[0] / MM, size[1] / MM)
            page.paint(pen)
            footing(pen, page.footer, f"Page {number} / {len(pages)}")
            canvas.showPage()
    canvas.save()
    return output.getvalue()


def footing(pen: Pen, left: str, right: str) -> None:
    baseline = pen.height - 7
    note = fit_lines(left, pen.width - 2 * MARGIN - 30, 7.5, most=1)
    pen.text(MARGIN, baseline, "".join(note), 7.5, grey=GREY)
    pen.text(pen.width - MARGIN, baseline, right, 7.5, align="right", grey=GREY)
