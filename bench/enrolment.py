"""Bulk enrolment: a 2,000-row candidate list validated and committed, and a
1,000-pupil SIECLE roster imported, on SQLite and PostgreSQL.

Each run starts from a new session (the list) or a new school (the roster),
so that every run adds every row. The service reads the file with its own
readers, plans (the dry run) and commits; the roster is read and imported.
The baseline, in the same run: the same file read with the same library
(python-calamine for the list, written as XLSX; the standard library's XML
parser for the roster) and as many rows inserted with plain SQL in one
transaction. Times are reported, never asserted.
``python -m bench.enrolment [--quick]``.
"""

from __future__ import annotations

import argparse
import io
import sqlite3
import statistics
import tempfile
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path

import psycopg
import xlsxwriter
from psycopg import sql
from python_calamine import CalamineWorkbook

from adapters.imports.candidate_template import read_template
from adapters.imports.rosters import read_roster
from adapters.persistence.settings import Settings
from adapters.security import Argon2Hasher
from adapters.wiring import build_application
from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from bench.add_candidates import POSTGRES_URL, own_schema
from bench.commands import Clock
from bench.table import Row, render
from domain.identifiers import uai_check_letter
from domain.values import CentreType, Role

TARGET_S = 2.0
LAST = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Çelik")
FIRST = ("Léa", "Hugo", "Inès", "Noé", "Zoé", "Adam", "Chloé", "Yanis", "Éloïse", "Nathan")
HEADER = [
    "N°",
    "Nom de naissance",
    "Prénom",
    "Date de naissance (format : jj/mm/aaaa)",
    "Sexe (M ou F)",
    "Code Insee",
    "Code postal",
    "Nom de la commune",
    "Pays",
    "E-mail du destinataire des résultats (formateur, enseignant…)",
    "E-mail de convocation",
    "Identifiant local",
    "Temps majoré ?",
]


def person(n: int) -> tuple[str, str, date]:
    """A distinct pupil for each n: names repeat, the birthdate makes them unique."""
    return (
        f"{LAST[n % len(LAST)]}-{n // 90}",
        FIRST[n % len(FIRST)],
        date(2010, 1, 1) + timedelta(days=n % 700),
    )


def candidate_list_xlsx(count: int) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Liste des candidats")
    sheet.write_row(0, 0, HEADER)
    for n in range(count):
        last, first, born = person(n)
        extra = "33 %" if n % 10 == 0 else ""
        code = f"{75101 + n % 20}"
        sheet.write_row(
            n + 1, 0, [n + 1, last, first, born.strftime("%d/%m/%Y"), "MF"[n % 2], code]
        )
        sheet.write_row(n + 1, 8, ["FRANCE", "", "", f"L{n:05d}", extra])
    book.close()
    return out.getvalue()


def siecle_roster(count: int, school_code: str) -> bytes:
    """A SIECLE export of `count` pupils of 3e, in ISO-8859-15 as SIECLE writes it."""
    root = ET.Element("BEE_ELEVES", VERSION="3.1")
    ET.SubElement(ET.SubElement(root, "PARAMETRES"), "UAJ").text = school_code
    data = ET.SubElement(root, "DONNEES")
    pupils, structures = ET.SubElement(data, "ELEVES"), ET.SubElement(data, "STRUCTURES")
    for n in range(count):
        last, first, born = person(n)
        pupil = ET.SubElement(pupils, "ELEVE", ELEVE_ID=str(1000 + n))
        for tag, text in (
            ("ID_NATIONAL", f"{n:09d}AB"),
            ("NOM_DE_FAMILLE", last.upper()),
            ("PRENOM", first),
            ("DATE_NAISS", born.strftime("%d/%m/%Y")),
            ("CODE_SEXE", "12"[n % 2]),
            ("CODE_PAYS", "100"),
            ("CODE_COMMUNE_INSEE_NAISS", f"{69001 + n % 9}"),
        ):
            ET.SubElement(pupil, tag).text = text
        link = ET.SubElement(structures, "STRUCTURES_ELEVE", ELEVE_ID=str(1000 + n))
        structure = ET.SubElement(link, "STRUCTURE")
        ET.SubElement(structure, "CODE_STRUCTURE").text = f"3{'ABCDEFGH'[n % 8]}"
        ET.SubElement(structure, "TYPE_STRUCTURE").text = "D"
    return ET.tostring(root, encoding="ISO-8859-15", xml_declaration=True)


def school_code(n: int) -> str:
    digits = f"{690000 + n:07d}"
    return digits + uai_check_letter(digits)


class Service:
    """One application on one store, with schools and sessions made as needed."""

    def __init__(self, settings: Settings) -> None:
        self.clock = Clock()
        hasher = Argon2Hasher(time_cost=1, memory_cost=64)
        self.app: CertificationApp = build_application(settings, hasher=hasher, clock=self.clock)
        self.schools = 0
        self.admin = self.app.open_account(
            SYSTEM_ACTOR, "bench@example.org", "Bench", "bench-password-17", Role.ADMINISTRATOR
        ).id

    def school(self) -> tuple[uuid.UUID, str]:
        self.schools += 1
        code = school_code(self.schools)
        centre = self.app.register_centre(
            SYSTEM_ACTOR, f"Collège {self.schools}", CentreType.SCO, code, self.admin
        )
        return centre.id, code

    def session(self, centre_id: uuid.UUID, room: int) -> uuid.UUID:
        day = self.clock().date() + timedelta(days=30)
        return self.app.create_session(
            self.admin, centre_id, "Bâtiment A", f"Salle {room}", "M. Banc", day, clock_time(9)
        ).id

    def candidate_list(self, content: bytes, session_id: uuid.UUID) -> None:
        given = read_template(content, "liste.xlsx", CentreType.SCO)
        plan = self.app.plan_candidate_list(self.admin, session_id, given)
        assert not plan.problems, plan.problems[:3]
        self.app.commit_candidate_list(self.admin, session_id, given, plan.token)

    def roster(self, count: int) -> float:
        """Seconds to read and import a new school's roster."""
        centre_id, code = self.school()
        content = siecle_roster(count, code)
        started = time.perf_counter()
        report = self.app.import_roster(self.admin, centre_id, read_roster(content, "e.xml"))
        elapsed = time.perf_counter() - started
        assert report.listed == count, report
        return elapsed


def stores(folder: Path) -> Iterator[tuple[str, Settings, Callable[[], object]]]:
    """SQLite, then PostgreSQL in a schema of the bench's own, each with a baseline connection."""
    yield (
        "SQLite",
        Settings(database_url=f"sqlite:///{folder / 'app.sqlite3'}"),
        (lambda: sqlite3.connect(folder / "base.sqlite3")),
    )
    with own_schema("enrolment") as schema:
        settings = Settings(database_url=POSTGRES_URL, postgres_schema=schema)

        def connect() -> psycopg.Connection:
            conn = psycopg.connect(POSTGRES_URL)
            conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
            return conn

        yield "PostgreSQL", settings, connect


def baseline_insert(connect: Callable[[], object], rows: list[tuple[str, ...]]) -> None:
    """As many rows inserted with plain SQL in one transaction."""
    conn = connect()
    marker = "?" if isinstance(conn, sqlite3.Connection) else "%s"
    table = f"base_{uuid.uuid4().hex[:8]}"
    width = len(rows[0])
    cursor = conn.cursor()  # type: ignore[attr-defined]
    cursor.execute(f"CREATE TABLE {table} ({', '.join(f'c{i} TEXT' for i in range(width))})")
    cursor.executemany(
        f"INSERT INTO {table} VALUES ({', '.join([marker] * width)})",
        [tuple(str(v) for v in row) for row in rows],
    )
    conn.commit()  # type: ignore[attr-defined]
    conn.close()  # type: ignore[attr-defined]


def list_baseline(content: bytes, connect: Callable[[], object]) -> float:
    started = time.perf_counter()
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    baseline_insert(connect, [tuple(map(str, r)) for r in sheet.to_python()[1:]])
    return time.perf_counter() - started


def roster_baseline(content: bytes, connect: Callable[[], object]) -> float:
    started = time.perf_counter()
    root = ET.fromstring(content)  # noqa: S314  (the bench's own file)
    rows = [tuple(child.text or "" for child in pupil) for pupil in root.iter("ELEVE")]
    baseline_insert(connect, rows)
    return time.perf_counter() - started


def measured_rows(
    store: str,
    settings: Settings,
    connect: Callable[[], object],
    runs: int,
    list_rows: int,
    pupils: int,
) -> list[Row]:
    service = Service(settings)
    content = candidate_list_xlsx(list_rows)
    centre_id, _ = service.school()
    list_times, list_base = [], []
    for run in range(runs):
        session_id = service.session(centre_id, run)
        started = time.perf_counter()
        service.candidate_list(content, session_id)
        list_times.append(time.perf_counter() - started)
        list_base.append(list_baseline(content, connect))
    roster_times, roster_base = [], []
    for _ in range(runs):
        roster_times.append(service.roster(pupils))
        roster_base.append(roster_baseline(siecle_roster(pupils, school_code(0)), connect))
    service.app.close()
    return [
        row(
            f"candidate list, {list_rows} rows (XLSX) dry run + commit, {store}",
            list_times,
            list_base,
        ),
        row(
            f"roster, {pupils} pupils (SIECLE XML, ISO-8859-15) import, {store}",
            roster_times,
            roster_base,
        ),
    ]


def row(what: str, service: list[float], baseline: list[float]) -> Row:
    mine, base = statistics.median(service), statistics.median(baseline)
    return Row(
        what=what,
        service=f"median {mine:.2f} s ({len(service)} runs, max {max(service):.2f} s)",
        baseline=f"median {base:.3f} s",
        ratio=base / mine,
        target=f"< {TARGET_S:.0f} s median",
        met=mine < TARGET_S,
    )


def rows(quick: bool = False) -> list[Row]:
    runs, list_rows, pupils = (1, 50, 40) if quick else (5, 2000, 1000)
    found: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-enrolment-") as folder:
        for store, settings, connect in stores(Path(folder)):
            found += measured_rows(store, settings, connect, runs, list_rows, pupils)
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    print(render(rows(quick=parser.parse_args(argv).quick)))


if __name__ == "__main__":
    main()
