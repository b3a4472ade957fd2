"""The pictures the documentation keeps (docs/screenshots/): which page at
which width, and how they are refreshed from build/screenshots/.

The walk of every page takes them on every run under build/; they are copied
to docs/ only when asked (CERTIF_REFRESH_SCREENSHOTS=1, `make screenshots`),
so that the committed pictures do not change with each run."""

from __future__ import annotations

from PIL import Image

from tests.browser.pages import ROOT, SCREENSHOTS

DOCS = ROOT / "docs" / "screenshots"
# (page of the walk, width) -> the documentation's stable names
DOCUMENTED: dict[tuple[str, str], tuple[str, ...]] = {
    ("centre-sessions", "desktop"): ("centre-sessions",),
    ("session", "desktop"): ("session",),
    ("candidate-form-error", "desktop"): ("candidate-form-error",),
    ("roster", "desktop"): ("roster",),
    ("candidate-list-faults", "desktop"): ("candidate-list-faults",),
    ("workspace", "desktop"): ("workspace",),
    ("workspace", "tablet"): ("workspace-tablet",),
    ("pupil-join", "desktop"): ("pupil-join",),
    ("pupil-waiting", "tablet"): ("pupil-waiting-tablet",),
    ("finalisation", "desktop"): ("finalisation",),
    ("review", "desktop"): ("review",),
    ("rules-preview", "desktop"): ("rules-preview",),
    ("audit-timeline", "desktop"): ("audit-timeline",),
    ("audit-as-of", "desktop"): ("audit-as-of",),
    ("audit-as-of", "tablet"): ("audit-as-of-tablet",),
}
COLOURS = 128  # the pages use a few flat colours: a palette keeps them, at a fraction of the size


def refresh_documented() -> list[str]:
    """Copies the documented pictures of the last walk to docs/screenshots/,
    as palette PNGs; answers their names."""
    DOCS.mkdir(parents=True, exist_ok=True)
    copied = []
    for names in DOCUMENTED.values():
        for name in names:
            with Image.open(SCREENSHOTS / "documented" / f"{name}.png") as taken:
                small = taken.convert("RGB").quantize(COLOURS, dither=Image.Dither.NONE)
                small.save(DOCS / f"{name}.png", optimize=True)
            copied.append(name)
    return copied
