"""The one table ``make bench`` prints: each row the service and its baseline,
measured in the same run, so the ratio holds on a noisy machine."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


def percentile_ms(latencies: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of latencies in seconds, in milliseconds."""
    if not latencies:
        return float("nan")
    ordered = sorted(latencies)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)] * 1000


@dataclass(frozen=True)
class Row:
    """One measured row: what the service did, what the baseline did."""

    what: str
    service: str
    baseline: str = "—"
    ratio: float | None = None
    """service / baseline, oriented so that higher is better for the service."""
    target: str = "—"
    met: bool | None = None
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def ratio_cell(self) -> str:
        return "—" if self.ratio is None else f"{self.ratio:.2f} ×"

    @property
    def met_cell(self) -> str:
        return {True: "met", False: "not met", None: "—"}[self.met]


HEADERS = ("Row", "Service", "Baseline (same run)", "Ratio", "Target", "Met")


def render(rows: Sequence[Row]) -> str:
    """The rows as one Markdown table, ready for the README or a note."""
    cells = [HEADERS] + [
        (r.what, r.service, r.baseline, r.ratio_cell, r.target, r.met_cell) for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADERS))]
    lines = []
    for index, row in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if index == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"- {r.what}: {r.notes}" for r in rows if r.notes]
    return "\n".join(lines + (["", *notes] if notes else []))
