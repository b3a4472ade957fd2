"""Who a generated season is about: schools with their national codes, their
pupils and the pupils' competence profiles, drawn from one seeded random."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from adapters.demo import FIRST_NAMES, LAST_NAMES
from application.commands import CandidateInput
from domain.competences import COMPETENCES
from domain.identifiers import uai_check_letter
from domain.values import (
    ACCESS_CODE_DIGITS,
    ACCESS_CODE_LETTERS,
    CertificationWindow,
    Sex,
    certification_window,
)

ACADEMIES = {
    "069": "lyon",
    "075": "paris",
    "013": "aix-marseille",
    "033": "bordeaux",
    "059": "lille",
    "031": "toulouse",
    "067": "strasbourg",
    "044": "nantes",
    "035": "rennes",
    "038": "grenoble",
    "006": "nice",
    "034": "montpellier",
}
DEPARTMENTS = list(ACADEMIES)
TOWNS = [
    "Jean Moulin",
    "Victor Hugo",
    "Marie Curie",
    "Jules Ferry",
    "Louise Michel",
    "Simone Veil",
    "Jean Jaurès",
    "Albert Camus",
    "Pierre Mendès France",
    "George Sand",
    "Olympe de Gouges",
    "Paul Éluard",
]
WINDOW = ((3, 8), (5, 20))
ROOMS = ["Salle 101", "Salle 102", "Salle 204", "Salle informatique", "CDI", "Salle 12"]
SITES = ["Bâtiment A", "Bâtiment B", "Bâtiment principal"]
HOURS = [8, 9, 10, 13, 14, 15]
EXAMINERS = ["M. Karim Benali", "Mme Sophie Lemoine", "Mme Inès Caron", "M. Paul Girard"]
INVIGILATORS = [
    "M. Karim Benali",
    "Mme Sophie Lemoine",
    "Mme Inès Caron",
    "M. Paul Girard",
    "Mme Julie Morel",
    "M. Thomas Roux",
    "Mme Nadia Haddad",
    "M. Hugo Perrin",
]


@dataclass(frozen=True)
class School:
    """A collège (3e pupils, about 15) or a lycée (terminale, about 18)."""

    name: str
    national_code: str
    lycee: bool

    @property
    def level(self) -> str:
        return "Tle" if self.lycee else "3e"

    @property
    def email(self) -> str:
        """The head's address, as académies name them (ce.0691234s@ac-lyon.fr)."""
        return f"ce.{self.national_code.lower()}@ac-{ACADEMIES[self.national_code[:3]]}.fr"


@dataclass(frozen=True)
class Pupil:
    given: CandidateInput
    pix: dict[str, int] | None  # None: no profile captured yet
    absent: bool


def new_uuid(rng: random.Random) -> UUID:
    """A version-4 UUID from the seeded random: the same season, the same ids."""
    return UUID(int=rng.getrandbits(128), version=4)


def draw_school(rng: random.Random, taken: set[str]) -> School:
    """A school whose national code (UAI) is new here and ends with its check letter."""
    while True:
        digits = rng.choice(DEPARTMENTS) + f"{rng.randrange(10_000):04d}"
        code = digits + uai_check_letter(digits)
        if code not in taken:
            taken.add(code)
            break
    lycee = rng.random() < 0.25
    kind = "Lycée" if lycee else "Collège"
    return School(f"{kind} {rng.choice(TOWNS)} ({code[:3]})", code, lycee)


def draw_access_code(rng: random.Random) -> str:
    letters = "".join(rng.choice(ACCESS_CODE_LETTERS) for _ in range(4))
    return letters + "".join(rng.choice(ACCESS_CODE_DIGITS) for _ in range(2))


def draw_pupil(rng: random.Random, school: School, year: int, division: str, n: int) -> Pupil:
    """A pupil of the school's level; most have a profile, a few none yet;
    a few will not come on the day."""
    sex = rng.choice([Sex.F, Sex.M])
    age = 18 if school.lycee else 15
    born = date(year - age, 1, 1) + timedelta(days=rng.randrange(365))
    given = CandidateInput(
        last_name=rng.choice(LAST_NAMES),
        first_name=rng.choice(FIRST_NAMES[sex]),
        birthdate=born,
        sex=sex,
        division=division,
        external_id=f"{school.national_code[:7]}{n:05d}",
    )
    return Pupil(given, draw_pix(rng) if rng.random() > 0.05 else None, rng.random() < 0.03)


def draw_pix(rng: random.Random) -> dict[str, int]:
    """Most pupils position 5 to 12 competences; some fewer, not yet certifiable."""
    positioned = rng.choice([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 6, 7, 8, 9])
    chosen = set(rng.sample(COMPETENCES, positioned))
    return {
        code: rng.randint(8, 40) if code in chosen else rng.randint(0, 7) for code in COMPETENCES
    }


def spring_window(year: int) -> CertificationWindow:
    """The guide's spring window for collège and lycée pupils: 8 March to 20 May."""
    (m1, d1), (m2, d2) = WINDOW
    return certification_window(f"Printemps {year}", date(year, m1, d1), date(year, m2, d2))


def last_spring(today: date) -> int:
    """The latest season whose window has closed."""
    month, day = WINDOW[1]
    return today.year if today >= date(today.year, month, day) else today.year - 1


def spring_days(first: date, last: date) -> list[date]:
    """The school days (Monday to Friday) of the window."""
    every = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [d for d in every if d.weekday() < 5]


def season_start(year: int) -> datetime:
    """When the centres are set up: early January of the season's year."""
    return datetime(year, 1, 5, 8, 0, tzinfo=UTC)
