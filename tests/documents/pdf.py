"""Reading PDFs back as a person would: their text, their pages, their look."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pypdfium2
from PIL import Image, ImageChops, ImageStat

MM = 72 / 25.4
SCALE = 1.25


def pages_text(content: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def open_pdf(content: bytes) -> Any:
    return pdfplumber.open(io.BytesIO(content))


def row_bands(page: Any, row_height_mm: float) -> list[tuple[float, float]]:
    """Top and bottom of each row of the attendance table, in points, found by
    the row's number in the first column."""
    bands = []
    for word in page.extract_words():
        if word["text"].isdigit() and word["x1"] < (12 + 8) * MM:
            middle = (word["top"] + word["bottom"]) / 2
            bands.append((middle - row_height_mm * MM / 2, middle + row_height_mm * MM / 2))
    return bands


def cell_texts(page: Any, left_mm: float, right_mm: float, row_height_mm: float) -> list[str]:
    """The text of one column of the attendance table, row by row."""
    found = []
    for top, bottom in row_bands(page, row_height_mm):
        text = page.within_bbox((left_mm * MM, top, right_mm * MM, bottom)).extract_text() or ""
        found.append(" ".join(text.split()))
    return found


def png_of_page(content: bytes, number: int) -> Image.Image:
    """The page drawn by PDFium (shipped in the pypdfium2 wheel), in grey."""
    document = pypdfium2.PdfDocument(content)
    try:
        image: Image.Image = document[number].render(scale=SCALE, grayscale=True).to_pil()
        return image.convert("L")
    finally:
        document.close()


def difference(actual: Image.Image, reference: Image.Image) -> tuple[float, float]:
    """Mean absolute difference (0–255) and the share of pixels that differ
    noticeably (by more than a quarter of the scale)."""
    if actual.size != reference.size:
        return 255.0, 1.0
    delta = ImageChops.difference(actual, reference)
    mean = ImageStat.Stat(delta).mean[0]
    histogram = delta.histogram()
    noticeable = sum(histogram[64:]) / (actual.size[0] * actual.size[1])
    return mean, noticeable
