"""Roster files made from pupils, as schools' software writes them: SIECLE's XML
export (ISO-8859-15, zipped or not), its CSV variant in the encodings of French
spreadsheets, and ODS (odfpy) or XLSX (XlsxWriter) sheets with real date cells.

Tests and the benchmark make their files here, so that no binary file is kept.
A pupil's ``line`` is not written: it is where the reader finds the pupil.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

import xlsxwriter  # type: ignore[import-untyped]
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from application.enrolment_files import RosterPupil
from domain.values import Sex

SCHOOL_CODE = "0750654D"
SIECLE_HEADER = (
    "Identifiant unique*",
    "Premier prénom*",
    "Deuxième prénom",
    "Troisième prénom",
    "Nom de famille*",
    "Nom d'usage",
    "Code sexe*",
    "Date de naissance (jj/mm/aaaa)*",
    "Code commune naissance**",
    "Libellé commune naissance**",
    "Code département naissance*",
    "Code pays naissance*",
    "Statut*",
    "Code MEF*",
    "Division*",
)
USED_COLUMNS = (  # the columns the roster reader uses
    "Identifiant unique*",
    "Premier prénom*",
    "Nom de famille*",
    "Nom d'usage",
    "Code sexe*",
    "Date de naissance (jj/mm/aaaa)*",
    "Code commune naissance**",
    "Libellé commune naissance**",
    "Code pays naissance*",
    "Division*",
)
SEX_CODES = {Sex.M: "1", Sex.F: "2"}
SEX_LABELS = {Sex.M: "Masculin", Sex.F: "Féminin"}
MEF_3E = "10310019110"  # the MEF code of a collège's 3e
FieldValues = Mapping[str, str | None]
Cell = str | int | float | date | None


def table_rows(pupils: Sequence[RosterPupil]) -> list[list[Cell]]:
    """The header and one row per pupil, in the columns of SIECLE's CSV export."""
    return [list(SIECLE_HEADER), *(table_row(pupil) for pupil in pupils)]


def table_row(pupil: RosterPupil) -> list[Cell]:
    country = pupil.birth_country_code
    return [
        pupil.national_id,
        pupil.first_name,
        None,
        None,
        pupil.last_name,
        pupil.usage_name,
        SEX_LABELS[pupil.sex] if pupil.sex else None,
        pupil.birthdate,
        pupil.birth_insee_code,
        pupil.birth_city,
        (pupil.birth_insee_code or "99")[:2],
        f"99{country}" if country else None,
        "ST",
        MEF_3E,
        pupil.division,
    ]


def csv_bytes(rows: Sequence[Sequence[Cell]], encoding: str = "utf-8-sig", sep: str = ";") -> bytes:
    output = io.StringIO()
    writer = csv.writer(output, delimiter=sep, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else shown(cell) for cell in row])
    return output.getvalue().encode(encoding)


def shown(cell: str | int | float | date) -> str:
    return cell.strftime("%d/%m/%Y") if isinstance(cell, date) else str(cell)


def ods_bytes(rows: Sequence[Sequence[Cell]]) -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name="Élèves")
    for row in rows:
        element = TableRow()
        for cell in row:
            element.addElement(ods_cell(cell))
        table.addElement(element)
    document.spreadsheet.addElement(table)
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()


def ods_cell(cell: Cell) -> TableCell:
    if cell is None:
        return TableCell()
    if isinstance(cell, date):
        element = TableCell(valuetype="date", datevalue=cell.isoformat())
    elif isinstance(cell, int | float):
        element = TableCell(valuetype="float", value=cell)
    else:
        element = TableCell(valuetype="string")
    element.addElement(P(text=shown(cell)))
    return element


def xlsx_bytes(rows: Sequence[Sequence[Cell]]) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet("Élèves")
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for y, row in enumerate(rows):
        for x, cell in enumerate(row):
            if isinstance(cell, date):
                sheet.write_datetime(y, x, cell, day)
            elif isinstance(cell, int | float):
                sheet.write_number(y, x, cell)
            elif cell is not None:
                sheet.write_string(y, x, cell)
    workbook.close()
    return output.getvalue()


def eleve_fields(pupil: RosterPupil) -> dict[str, str | None]:
    """The pupil's ELEVE elements, and its class under the key "division"."""
    return {
        "ID_NATIONAL": pupil.national_id,
        "NOM_DE_FAMILLE": pupil.last_name,
        "NOM_USAGE": pupil.usage_name,
        "PRENOM": pupil.first_name,
        "DATE_NAISS": pupil.birthdate.strftime("%d/%m/%Y"),
        "CODE_SEXE": SEX_CODES[pupil.sex] if pupil.sex else None,
        "CODE_PAYS": pupil.birth_country_code,
        "CODE_COMMUNE_INSEE_NAISS": pupil.birth_insee_code,
        "VILLE_NAISS": pupil.birth_city,
        "DATE_SORTIE": pupil.left_on.strftime("%d/%m/%Y") if pupil.left_on else None,
        "division": pupil.division,
    }


def siecle_xml(pupils: Sequence[RosterPupil], encoding: str = "ISO-8859-15") -> bytes:
    return siecle_xml_of([eleve_fields(pupil) for pupil in pupils], encoding=encoding)


def siecle_xml_of(
    eleves: Sequence[FieldValues], school: str = SCHOOL_CODE, encoding: str = "ISO-8859-15"
) -> bytes:
    """ElevesSansAdresses.xml, pupil after pupil, then each one's structures:
    a group first (never a class), then its class when it has one."""
    root = Element("BEE_ELEVES", VERSION="3.1")
    parameters = SubElement(root, "PARAMETRES")
    for tag, setting in (("UAJ", school), ("ANNEE_SCOLAIRE", "2025"), ("HORODATAGE", "15/09/2025")):
        SubElement(parameters, tag).text = setting
    data = SubElement(root, "DONNEES")
    listed = SubElement(data, "ELEVES")
    structures = SubElement(data, "STRUCTURES")
    for number, fields in enumerate(eleves, start=1000):
        ids = {"ELEVE_ID": str(number), "ELENOET": str(number + 5000)}
        eleve = SubElement(listed, "ELEVE", ids)
        values: dict[str, str | None] = {**fields, "CODE_MEF": MEF_3E, "CODE_REGIME": "2"}
        for tag, value in values.items():
            if tag != "division" and value is not None:
                SubElement(eleve, tag).text = value
        theirs = SubElement(structures, "STRUCTURES_ELEVE", ids)
        kinds: list[tuple[str | None, str]] = [("LATIN", "G"), (fields.get("division"), "D")]
        for code, kind in kinds:
            if code is not None:
                structure = SubElement(theirs, "STRUCTURE")
                SubElement(structure, "CODE_STRUCTURE").text = code
                SubElement(structure, "TYPE_STRUCTURE").text = kind
    written: bytes = tostring(root, encoding=encoding, xml_declaration=True)
    return written


def zipped(content: bytes, member: str = "ElevesSansAdresses.xml") -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, content)
    return output.getvalue()


def csv_form(encoding: str, sep: str) -> Callable[[Sequence[RosterPupil]], bytes]:
    return lambda pupils: csv_bytes(table_rows(pupils), encoding, sep)


def used_columns_form(encoding: str) -> Callable[[Sequence[RosterPupil]], bytes]:
    return lambda pupils: csv_bytes(used_columns_rows(pupils), encoding)


def used_columns_rows(pupils: Sequence[RosterPupil]) -> list[list[Cell]]:
    """The rows with only the columns this service reads, as a sheet typed by
    hand. Its header has no "è", whose Mac Roman byte Windows-1252 leaves
    undefined: only the weighing of the two readings tells them apart."""
    kept = [SIECLE_HEADER.index(header) for header in USED_COLUMNS]
    return [[row[index] for index in kept] for row in table_rows(pupils)]


FORMS: dict[str, Callable[[Sequence[RosterPupil]], bytes]] = {
    "siecle-xml": siecle_xml,
    "siecle-zip": lambda pupils: zipped(siecle_xml(pupils)),
    **{
        f"csv {encoding} {sep}": csv_form(encoding, sep)
        for encoding in ("utf-8-sig", "utf-8", "cp1252", "mac_roman")
        for sep in ";,"
    },
    **{
        f"csv-used-columns {encoding}": used_columns_form(encoding)
        for encoding in ("cp1252", "mac_roman")
    },
    "ods": lambda pupils: ods_bytes(table_rows(pupils)),
    "xlsx": lambda pupils: xlsx_bytes(table_rows(pupils)),
}
XML_FORMS = ("siecle-xml", "siecle-zip")  # the tables have no column for a leaving date


def first_line(form: str) -> int:
    """Where the form's first pupil is: position 1 in the XML, line 2 under a header."""
    return 1 if form in XML_FORMS else 2


LAST_NAMES = ("MARTIN", "LEFÈVRE", "NGUYEN", "ÇELIK", "DUPONT-MOREAU", "BŒUF", "O'BRIEN", "ÉLOI")
FIRST_NAMES = ("Zoé", "Hélène", "Noël", "François", "Maëlle", "Jérôme", "Inès", "Chloé", "Léa")


def sample_pupils(count: int, seed: int = 12) -> list[RosterPupil]:
    """A school's worth of plausible pupils, the same for the same seed: classes of
    25, one in ten born abroad, one in fifty gone, one in a hundred without a class."""
    chance = random.Random(seed)
    return [sample_pupil(number, chance) for number in range(count)]


def sample_pupil(number: int, chance: random.Random) -> RosterPupil:
    abroad = number % 10 == 9
    return RosterPupil(
        line=0,
        national_id=f"{number:09d}{chance.choice('ABCDEFGHJK')}{chance.choice('ABCDEFGHJK')}",
        last_name=chance.choice(LAST_NAMES),
        first_name=chance.choice(FIRST_NAMES),
        birthdate=date(2011, 1, 1) + timedelta(days=chance.randrange(365)),
        usage_name="BERNARD" if number % 7 == 0 else None,
        sex=Sex.F if number % 2 else Sex.M,
        division=None if number % 100 == 42 else f"3{'ABCDEFGHJKLMNPRS'[number // 25 % 16]}",
        birth_insee_code=None if abroad else f"{75101 + number % 20}",
        birth_country_code="134" if abroad else "100",
        birth_city="MADRID" if abroad else None,
        left_on=date(2025, 10, 3) if number % 50 == 17 else None,
    )


def a_pupil(number: int = 1, **changes: Any) -> RosterPupil:
    """One pupil born in Paris, in 3A, with the INE numbered ``number``; ``changes`` as said."""
    pupil = RosterPupil(
        line=0,
        national_id=f"{number:010d}K",
        last_name="LEFÈVRE",
        first_name="Zoé",
        birthdate=date(2011, 3, 4),
        sex=Sex.F,
        division="3A",
        birth_insee_code="75056",
        birth_country_code="100",
    )
    return replace(pupil, **changes)
