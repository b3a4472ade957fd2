"""How long the busiest pages take to render, against the same data as JSON.

A collège of 500 candidates (25 sessions of 20) is set up through the
application on an SQLite file, and a 500-candidate session beside it; the read
models are caught up. Then, through the real FastAPI application (in process,
signed in with cookies as a browser is), each page is asked for `--repeat`
times, and so is the JSON route that answers the same data, in the same run:

- the centre's sessions page (`/centres/{id}`) against the JSON overview of
  the centre's sessions (`/api/v1/centres/{id}/overview`);
- the invigilator's workspace list (`/surveillance/session`) for a session of
  500 candidates against the workspace JSON (`/api/v1/invigilation/session`).

Target: each page under 200 ms median. The ratio page/JSON is what rendering
HTML costs on top of reading the same read models. Times are reported, never
asserted.

Run from the project root: ``python -m bench.pages [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path
from uuid import UUID

from fastapi.testclient import TestClient

from adapters.http.app import create_app
from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.web.cookies import CSRF_COOKIE
from adapters.wiring import build_application
from application.app import CertificationApp
from application.commands import CandidateInput
from application.ports import SYSTEM_ACTOR
from bench.table import Row
from domain.values import CentreType, Role

LAST_NAMES = ["Lefèvre", "Martin", "Dubois", "Çelik", "Nguyen", "Moreau", "Laurent", "Garnier"]
FIRST_NAMES = ["Anaïs", "Hugo", "Zoé", "Élodie", "Yanis", "Léa", "Nathan", "Inès"]
SESSIONS, PER_SESSION, BIG_SESSION = 25, 20, 500
PASSWORD = "sable-quartz-17"


@dataclass(frozen=True)
class College:
    centre: UUID
    big_session_number: int
    invigilator_password: str


def pupil(number: int, index: int) -> CandidateInput:
    return CandidateInput(
        last_name=f"{LAST_NAMES[index % 8]} {number:02d}{index:03d}",
        first_name=FIRST_NAMES[(index + number) % 8],
        birthdate=date(2011, 1, 1) + timedelta(days=index % 700),
        division="3e A",
    )


def college(app: CertificationApp) -> College:
    """25 sessions of 20 pupils, and one of 500, through the application."""
    admin = app.open_account(
        SYSTEM_ACTOR, "bench@college.fr", "Bench", PASSWORD, Role.ADMINISTRATOR
    )
    centre = app.register_centre(
        SYSTEM_ACTOR, "Collège Jean Moulin", CentreType.SCO, "0691234S", admin.id
    )
    day = date.today() + timedelta(days=30)
    for number in range(SESSIONS):
        room, hour = f"Salle {number // 3 + 1}", 8 + 3 * (number % 3)
        receipt = app.create_session(
            admin.id, centre.id, "Bâtiment B", room, "M. Benali", day, clock_time(hour, 0)
        )
        for index in range(PER_SESSION):
            app.add_candidate(admin.id, receipt.id, pupil(number, index))
    big = app.create_session(
        admin.id, centre.id, "Gymnase", "Grande salle", "Mme Roux", day, clock_time(14, 0)
    )
    for index in range(BIG_SESSION):
        app.add_candidate(admin.id, big.id, pupil(99, index))
    number = app.get_session(admin.id, big.id).number
    assert number is not None
    return College(centre.id, number, big.invigilator_password or "")


def timed(client: TestClient, path: str, repeat: int, headers: dict[str, str]) -> list[float]:
    first = client.get(path, headers=headers)
    assert first.status_code == 200, (path, first.status_code, first.text[:300])
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        answer = client.get(path, headers=headers)
        found.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200
    return found


def signed_in(client: TestClient, path: str, data: dict[str, str]) -> None:
    client.get("/connexion")
    answer = client.post(path, data={**data, "csrf": client.cookies[CSRF_COOKIE]})
    assert answer.status_code == 303, (path, answer.status_code, answer.text[:300])


HEADER = ["page", "median ms", "JSON median ms", "page / JSON", "target ms", "median / target"]


def row(name: str, page: list[float], json: list[float], target: float) -> list[str]:
    median, baseline = statistics.median(page), statistics.median(json)
    return [
        name,
        f"{median:.1f}",
        f"{baseline:.1f}",
        f"{median / baseline:.2f}",
        f"{target:.0f}",
        f"{median / target:.2f}",
    ]


def print_table(rows: list[list[str]]) -> None:
    table = [HEADER, *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(HEADER))]
    for number, cells in enumerate(table):
        print(" | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)))
        if number == 0:
            print("-+-".join("-" * width for width in widths))


def measure(folder: Path, repeat: int) -> list[list[str]]:
    return [row(*case) for case in measured(folder, repeat)]


def measured(folder: Path, repeat: int) -> list[tuple[str, list[float], list[float], float]]:
    """Each page's times and its JSON route's, in milliseconds, with its target."""
    settings = Settings(
        database_url=f"sqlite:///{folder / 'events.sqlite3'}",
        data_dir=folder,
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )
    hasher = Argon2Hasher(time_cost=1, memory_cost=1024)

    def build(chosen: Settings) -> CertificationApp:
        return build_application(chosen, hasher=hasher)

    api = create_app(settings, build)
    with TestClient(api, follow_redirects=False) as admin:
        app: CertificationApp = api.state.certification
        made = college(app)
        api.state.service.runner.catch_up()
        signed_in(admin, "/connexion", {"email": "bench@college.fr", "password": PASSWORD})
        token = admin.post(
            "/api/v1/auth/token", json={"email": "bench@college.fr", "password": PASSWORD}
        ).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        centre_page = timed(admin, f"/centres/{made.centre}", repeat, {})
        centre_json = timed(admin, f"/api/v1/centres/{made.centre}/overview", repeat, bearer)

        invigilator = TestClient(api, follow_redirects=False)
        number, password = str(made.big_session_number), made.invigilator_password
        signed_in(invigilator, "/surveillance", {"session_number": number, "password": password})
        sign_in = {"session_number": number, "password": password}
        workspace = invigilator.post("/api/v1/invigilation/sign-in", json=sign_in).json()
        scoped = {"Authorization": f"Bearer {workspace['access_token']}"}
        room_page = timed(invigilator, "/surveillance/session", repeat, {})
        room_json = timed(invigilator, "/api/v1/invigilation/session", repeat, scoped)
    candidates = SESSIONS * PER_SESSION
    return [
        (f"centre's sessions page ({candidates} candidates)", centre_page, centre_json, 200),
        (f"invigilator's page ({BIG_SESSION} candidates)", room_page, room_json, 200),
    ]


def rows(quick: bool = False) -> list[Row]:
    """The pages as rows of the one table: the page against its JSON route."""
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        found = measured(Path(folder), 3 if quick else 30)
    return [
        Row(
            what=name,
            service=f"median {statistics.median(page):.1f} ms",
            baseline=f"JSON route, median {statistics.median(json):.1f} ms",
            ratio=statistics.median(json) / statistics.median(page),
            target=f"< {target:.0f} ms median",
            met=statistics.median(page) < target,
        )
        for name, page, json, target in found
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=30, help="requests of each page")
    repeat: int = parser.parse_args(argv).repeat
    if repeat < 1:
        parser.error("--repeat must be at least 1")
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        rows = measure(Path(folder), repeat)
    print_table(rows)


if __name__ == "__main__":
    main()
