"""Plain read-model data for the renderers: fixed, so that pages are the same
from run to run, with the names that trouble fonts and cells."""

from __future__ import annotations

from typing import Any

SESSION_ID = "6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f"
SESSION_NUMBER = 4512
LONG_LAST = "Martin-Dupont de la Grande-Rivière-Montmorency-Saint-Aubin"
LONG_FIRST = "Marie-Charlotte Éléonore Anne-Sophie Bénédicte"
NAMES = [
    ("Lefèvre", "Anaïs"),
    ("Straße", "Jürgen"),
    ("Østergaard", "Søren"),
    ("Çelik", "Zoé"),
    ("Łukasiewicz", "Ola"),
    ("李", "小龙"),
    (LONG_LAST, LONG_FIRST),
    ("Durand", "Hugo"),
]


def row(number: int, last: str, first: str, extra_time: str = "0") -> dict[str, Any]:
    return {
        "candidate_id": f"00000000-0000-4000-8000-{number:012d}",
        "session_id": SESSION_ID,
        "last_name": last,
        "first_name": first,
        "birthdate": f"{1 + number % 28:02d}/05/2011",
        "division": "3e A" if number % 3 else None,
        "external_id": f"INE{100000 + number}",
        "extra_time": extra_time,
    }


def sheet(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The shape of ``projections.queries.attendance_sheet``."""
    return {
        "centre": {
            "id": "c",
            "name": "Collège Jean Moulin",
            "national_code": "0691234S",
            "timezone": "Europe/Paris",
        },
        "session": {
            "id": SESSION_ID,
            "number": SESSION_NUMBER,
            "centre_id": "c",
            "site": "Bâtiment B",
            "room": "Salle 101",
            "examiner": "M. Karim Benali, Mme Sophie Lemoine",
            "date": "2027-03-15",
            "start_time": "09:00",
            "end_time": "10:45",
            "observations": "Prévoir les casques audio.",
            "access_code": "BCDF23",
            "enrolled": len(rows),
            "deleted": False,
            "status": "created",
            "sheet_downloads": 0,
            "convocations_sent": 0,
        },
        "rows": rows,
        "rule": {"min_competences": 5, "min_level": 1},
        "issued_on": "2026-12-01",
    }


def troublesome() -> dict[str, Any]:
    """Eight candidates, sorted as the read model sorts them, one with extra time."""
    rows = [
        row(n, last, first, "0.33" if last == "Durand" else "0")
        for n, (last, first) in enumerate(NAMES)
    ]
    order = ["Çelik", "Durand", "Lefèvre", "Łukasiewicz", LONG_LAST, "Østergaard", "Straße", "李"]
    return sheet(sorted(rows, key=lambda r: order.index(r["last_name"])))


def numbered(count: int) -> dict[str, Any]:
    """A class of ``count`` pupils named so that their order is plain to see."""
    return sheet([row(n, f"Élève{n:03d}", f"Prénom{n:03d}") for n in range(1, count + 1)])
