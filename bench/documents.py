"""How long the papers of a session take to build, from the read models.

A collège is set up through the application on an SQLite file (the default
store), its read models are caught up, then each paper is built the way the
API builds it: the read-model query, then the renderer. Targets: the
attendance sheet of 20 candidates under 50 ms (median), the invigilator's kit
under 200 ms; the 500-candidate centre export (25 sessions of 20) and the
others are reported without a target. Times are reported, never asserted.

Run from the project root: ``python -m bench.documents [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path
from uuid import UUID

from adapters.documents import attendance_pdf, convocations_pdf, kit_pdf, spreadsheets
from adapters.persistence.settings import Settings
from adapters.wiring import Service, build_service
from application.commands import CandidateInput
from application.ports import SYSTEM_ACTOR
from bench.table import Row, percentile_ms
from domain.values import CentreType, Role
from projections import queries

LAST_NAMES = ["Lefèvre", "Straße", "Østergaard", "Çelik", "Łukasiewicz", "李", "Martin", "Dubois"]
FIRST_NAMES = ["Anaïs", "Jürgen", "Søren", "Zoé", "Ola", "小龙", "Hugo", "Élodie"]
SESSIONS, PER_SESSION = 25, 20


@dataclass(frozen=True)
class Case:
    document: str
    candidates: int
    target_ms: float | None
    build: Callable[[], bytes]


def college(service: Service) -> tuple[UUID, list[UUID]]:
    """A centre with 25 sessions of 20 pupils, through the application."""
    app = service.app
    admin = app.open_account(
        SYSTEM_ACTOR, "bench@college.fr", "Bench", "sable-quartz-17", Role.ADMINISTRATOR
    )
    centre = app.register_centre(
        SYSTEM_ACTOR, "Collège Jean Moulin", CentreType.SCO, "0691234S", admin.id
    )
    day = date.today() + timedelta(days=30)
    sessions = []
    for number in range(SESSIONS):
        room, hour = f"Salle {number // 3 + 1}", 8 + 3 * (number % 3)
        receipt = app.create_session(
            admin.id, centre.id, "Bâtiment B", room, "M. Benali", day, clock_time(hour, 0)
        )
        sessions.append(receipt.id)
        for index in range(PER_SESSION):
            pupil = CandidateInput(
                last_name=f"{LAST_NAMES[index % 8]} {number:02d}{index:02d}",
                first_name=FIRST_NAMES[(index + number) % 8],
                birthdate=date(2011, 1, 1) + timedelta(days=index * 11),
                division="3e A",
            )
            app.add_candidate(admin.id, receipt.id, pupil)
    service.runner.catch_up()
    return centre.id, sessions


def cases(service: Service, centre: UUID, session: UUID) -> list[Case]:
    views = service.views

    def sheet() -> dict[str, object]:
        found = queries.attendance_sheet(views, str(session))
        assert found is not None
        return found

    def centre_sheets() -> bytes:
        sheets = queries.centre_attendance_sheets(views, str(centre))
        return attendance_pdf.render_centre(sheets, "Collège Jean Moulin")

    return [
        Case(
            "attendance sheet (PDF)", PER_SESSION, 50, lambda: attendance_pdf.render_sheet(sheet())
        ),
        Case("centre export (PDF)", SESSIONS * PER_SESSION, None, centre_sheets),
        Case("invigilator's kit (PDF)", PER_SESSION, 200, lambda: kit_pdf.render_kit(sheet())),
        Case(
            "convocations (PDF)",
            PER_SESSION,
            None,
            lambda: convocations_pdf.render_convocations(sheet()),
        ),
        Case("attendance sheet (CSV)", PER_SESSION, None, lambda: spreadsheets.render_csv(sheet())),
        Case("attendance sheet (ODS)", PER_SESSION, None, lambda: spreadsheets.render_ods(sheet())),
    ]


def timed(build: Callable[[], bytes], repeat: int) -> list[float]:
    build()  # fonts are registered once per process, not per paper
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        build()
        found.append((time.perf_counter() - start) * 1000)
    return found


HEADER = ["document", "candidates", "median ms", "p95 ms", "target ms", "median / target"]


def row(case: Case, latencies: list[float]) -> list[str]:
    median = statistics.median(latencies)
    p95 = sorted(latencies)[max(0, round(0.95 * len(latencies)) - 1)]
    target = f"{case.target_ms:.0f}" if case.target_ms else "—"
    ratio = f"{median / case.target_ms:.2f}" if case.target_ms else "—"
    return [case.document, str(case.candidates), f"{median:.1f}", f"{p95:.1f}", target, ratio]


def print_table(rows: list[list[str]]) -> None:
    table = [HEADER, *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(HEADER))]
    for number, cells in enumerate(table):
        print(" | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)))
        if number == 0:
            print("-+-".join("-" * width for width in widths))


def measured(repeat: int) -> list[tuple[Case, list[float]]]:
    """Each paper's build times, in milliseconds."""
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        settings = Settings(
            database_url=f"sqlite:///{Path(folder) / 'events.sqlite3'}", data_dir=folder
        )
        service = build_service(settings, embedded=False)
        try:
            centre, sessions = college(service)
            chosen = cases(service, centre, sessions[0])
            return [(case, timed(case.build, repeat)) for case in chosen]
        finally:
            service.close()


def rows(quick: bool = False) -> list[Row]:
    """The papers as rows of the one table: median against the target."""
    found = []
    for case, latencies in measured(3 if quick else 30):
        median, seconds = statistics.median(latencies), [ms / 1000 for ms in latencies]
        found.append(
            Row(
                what=f"{case.document} ({case.candidates} candidates)",
                service=f"median {median:.1f} ms, p95 {percentile_ms(seconds, 0.95):.1f} ms",
                baseline="— (a target, no baseline)",
                target=f"< {case.target_ms:.0f} ms median" if case.target_ms else "—",
                met=median < case.target_ms if case.target_ms else None,
            )
        )
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=30, help="builds of each paper")
    repeat: int = parser.parse_args(argv).repeat
    if repeat < 1:
        parser.error("--repeat must be at least 1")
    print_table([row(case, latencies) for case, latencies in measured(repeat)])


if __name__ == "__main__":
    main()
