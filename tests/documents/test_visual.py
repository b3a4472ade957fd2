"""Each paper looks as it was reviewed: a page drawn by PDFium is compared with
a reference image committed in ``reference/``.

When a change of layout is intended, regenerate the references with
``UPDATE_REFERENCES=1 .venv/bin/pytest tests/documents/test_visual.py``, look
at every image, and commit them with the change. A failing comparison leaves
the page it drew beside the test's temporary folder for review.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from adapters.documents import attendance_pdf, convocations_pdf, kit_pdf
from tests.documents import sample
from tests.documents.pdf import difference, png_of_page

REFERENCES = Path(__file__).parent / "reference"
# PDFium's anti-aliasing may move by a shade between versions, which the mean
# absorbs; a moved line, a missing row or another date or font makes more than
# 0.05 % of the pixels differ by over a quarter of the scale. (A single letter
# changed does not: the text tests catch that.)
MEAN_TOLERANCE = 0.5
NOTICEABLE_TOLERANCE = 0.0005

PAGES: dict[str, tuple[Callable[[], bytes], int]] = {
    "attendance-sheet": (lambda: attendance_pdf.render_sheet(sample.troublesome()), 0),
    "invigilator-kit": (lambda: kit_pdf.render_kit(sample.troublesome()), 0),
    "incident-report": (lambda: kit_pdf.render_kit(sample.troublesome()), 2),
    "fraud-report": (lambda: kit_pdf.render_kit(sample.troublesome()), 3),
    "access-code": (lambda: kit_pdf.render_kit(sample.troublesome()), 4),
    "instructions": (lambda: kit_pdf.render_kit(sample.troublesome()), 5),
    "convocation": (lambda: convocations_pdf.render_convocations(sample.troublesome()), 0),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_looks_as_reviewed(name: str, tmp_path: Path) -> None:
    render, number = PAGES[name]
    actual = png_of_page(render(), number)
    reference = REFERENCES / f"{name}.png"
    if os.environ.get("UPDATE_REFERENCES") == "1":
        actual.save(reference, optimize=True)  # to be reviewed by eye before committing
    drawn = tmp_path / f"{name}.png"
    actual.save(drawn)
    mean, noticeable = difference(actual, Image.open(reference).convert("L"))
    assert mean <= MEAN_TOLERANCE, f"{name}: mean difference {mean:.2f}, see {drawn}"
    assert noticeable <= NOTICEABLE_TOLERANCE, f"{name}: {noticeable:.2%} differ, see {drawn}"


def test_a_candidate_missing_from_the_page_is_caught() -> None:
    """The comparison itself: the sheet without its first candidate is not the reference."""
    changed = sample.troublesome()
    changed["rows"] = changed["rows"][1:]
    actual = png_of_page(attendance_pdf.render_sheet(changed), 0)
    reference = Image.open(REFERENCES / "attendance-sheet.png").convert("L")
    mean, noticeable = difference(actual, reference)
    assert mean > MEAN_TOLERANCE or noticeable > NOTICEABLE_TOLERANCE
