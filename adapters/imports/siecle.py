"""The pupil export of SIECLE, the pupil-records system of French schools:
"ElevesSansAdresses.xml", often zipped.

The XML is parsed from its bytes so that its declared encoding (usually
ISO-8859-15) is honoured, by defusedxml with DTDs refused: no entity, internal
or external, is ever expanded. A ZIP is opened only within bounds (its member
count and its total uncompressed size), so that a small upload cannot unpack
into gigabytes. A pupil's class is its structure of type "D"; SIECLE's
"Inactifs" is no class. Problems name the pupil by its position among the
ELEVE elements (as ``line``) and by its ELEVE_ID (in the detail).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from adapters.imports.pupil_values import Reading, checked_ids, pupil_from
from adapters.imports.tables import UnreadableFile
from application.enrolment_files import RosterFile

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 100
ROOT = "BEE_ELEVES"
DIVISION = "D"
FIELDS = {  # RosterPupil's field → the ELEVE element that holds it
    "national_id": "ID_NATIONAL",
    "last_name": "NOM_DE_FAMILLE",
    "usage_name": "NOM_USAGE",
    "first_name": "PRENOM",
    "birthdate": "DATE_NAISS",
    "sex": "CODE_SEXE",
    "birth_country_code": "CODE_PAYS",
    "birth_insee_code": "CODE_COMMUNE_INSEE_NAISS",
    "birth_city": "VILLE_NAISS",
    "left_on": "DATE_SORTIE",
}


def looks_like_xml(content: bytes) -> bool:
    start = content.removeprefix(b"\xef\xbb\xbf").lstrip()
    return start.startswith(b"<") or start.startswith((b"\xff\xfe<\x00", b"\xfe\xff\x00<"))


def read_siecle_zip(content: bytes) -> RosterFile:
    """The roster of the one XML file the archive holds."""
    return read_siecle_xml(xml_member(content))


def read_siecle_xml(content: bytes) -> RosterFile:
    root = parsed(content)
    if root.tag != ROOT:
        raise UnreadableFile(
            f"The XML file's root is {root.tag}, not {ROOT}: not a SIECLE pupil export.",
            "Ce fichier XML n'est pas l'export des élèves de SIECLE (ElevesSansAdresses.xml).",
        )
    divisions = divisions_of(root)
    readings = [
        reading_of(position, eleve, divisions)
        for position, eleve in enumerate(root.iterfind("DONNEES/*/ELEVE"), start=1)
    ]
    if not readings:
        raise UnreadableFile(
            "The SIECLE export holds no pupil.",
            "Cet export SIECLE ne contient aucun élève.",
        )
    pupils, problems = checked_ids(readings)
    school = (root.findtext("PARAMETRES/UAJ") or "").strip().upper() or None
    return RosterFile("siecle-xml", school, tuple(pupils), tuple(problems))


def parsed(content: bytes) -> Element:
    try:
        root: Element = fromstring(content, forbid_dtd=True)
    except DefusedXmlException:
        raise UnreadableFile(
            "The XML file declares a DTD or entities, which are refused.",
            "Ce fichier XML déclare une DTD ou des entités : elles sont refusées.",
        ) from None
    except (ParseError, ValueError, LookupError) as failure:
        raise UnreadableFile(
            f"The XML file cannot be read: {failure}.",
            "Ce fichier XML est illisible : exportez-le à nouveau depuis SIECLE.",
        ) from None
    return root


def divisions_of(root: Element) -> dict[str, str]:
    """Each ELEVE_ID's class code, from its structures of type "D"."""
    found: dict[str, str] = {}
    for structures in root.iterfind("DONNEES/*/STRUCTURES_ELEVE"):
        for structure in structures.iterfind("STRUCTURE"):
            kind = (structure.findtext("TYPE_STRUCTURE") or "").strip()
            code = (structure.findtext("CODE_STRUCTURE") or "").strip()
            if kind == DIVISION and code:
                found[structures.get("ELEVE_ID", "")] = code
    return found


def reading_of(position: int, eleve: Element, divisions: dict[str, str]) -> Reading:
    eleve_id = eleve.get("ELEVE_ID", "")
    cells: dict[str, str | None] = {field: eleve.findtext(tag) for field, tag in FIELDS.items()}
    cells["division"] = divisions.get(eleve_id)
    return pupil_from(position, cells, f"pupil {position} (ELEVE_ID {eleve_id or '?'})")


def xml_member(content: bytes) -> bytes:
    """The archive's one XML file, refused when the archive would unpack too big."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise too_big()
            xml = [m for m in members if m.filename.lower().endswith(".xml") and is_own(m)]
            if len(xml) != 1:
                raise UnreadableFile(
                    f"The archive holds {len(xml)} XML files, not one.",
                    "Cette archive doit contenir un seul fichier XML : l'export SIECLE des élèves.",
                )
            with archive.open(xml[0]) as member:
                data = member.read(MAX_UNPACKED_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        raise UnreadableFile(
            "The archive cannot be opened.",
            "Cette archive ZIP est illisible (abîmée ou protégée par un mot de passe).",
        ) from None
    if len(data) > MAX_UNPACKED_BYTES:  # the archive's listing understated it
        raise too_big()
    return data


def is_own(member: zipfile.ZipInfo) -> bool:
    """Not the metadata macOS's archiver adds beside each file."""
    return not member.filename.startswith("__MACOSX/")


def too_big() -> UnreadableFile:
    return UnreadableFile(
        f"The archive unpacks beyond {MAX_UNPACKED_BYTES} bytes or {MAX_MEMBERS} files.",
        "Cette archive est trop volumineuse une fois décompressée (50 Mo, 100 fichiers au plus).",
    )
