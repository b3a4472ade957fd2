"""A realistic demo: a collège, its administrator, three sessions, 60 pupils."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from application.app import CertificationApp
from application.commands import CandidateInput
from application.eligibility import ProfileInput
from application.ports import SYSTEM_ACTOR
from domain.aggregates.account import Account
from domain.competences import COMPETENCES
from domain.rules import example_windows
from domain.values import CentreType, Role, Sex

DEMO_EMAIL = "direction@college-jean-moulin.fr"
DEMO_PASSWORD = "demo-password"
DEMO_CODE = "0691234S"

FIRST_NAMES = {
    Sex.F: [
        "Léa",
        "Chloé",
        "Inès",
        "Zoé",
        "Maëlys",
        "Anaïs",
        "Clémence",
        "Héloïse",
        "Noémie",
        "Océane",
        "Élise",
        "Camille",
        "Manon",
        "Lucie",
        "Jade",
        "Éloïse",
        "Agathe",
        "Maïa",
    ],
    Sex.M: [
        "Hugo",
        "Théo",
        "Noé",
        "Raphaël",
        "Jérémy",
        "Loïc",
        "Gaël",
        "Mathéo",
        "Étienne",
        "Benoît",
        "Louis",
        "Adrien",
        "Mehdi",
        "Bastien",
        "Joël",
        "Cédric",
        "Timothée",
        "Nathan",
    ],
}
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martínez",
    "Légaré",
    "Béranger",
    "Châtelain",
    "Nguyễn",
    "Da Silva",
    "Le Gall",
    "Ménard",
    "Perrière",
    "Aït Ali",
    "Hébert",
    "Müller",
    "Œillet",
]
SESSIONS = [("Salle 101", 9), ("Salle 101", 14), ("CDI", 9)]
DIVISIONS = ["3e A", "3e B", "3e C"]


@dataclass(frozen=True)
class DemoSummary:
    centre_id: UUID
    session_ids: list[UUID]
    pupils: int
    access_codes: list[str]
    invigilator_passwords: list[str]


def load_demo(app: CertificationApp, today: date, seed: int = 2021) -> DemoSummary:
    """Creates the demo collège; refuses to run twice on the same store."""
    rng = random.Random(seed)  # noqa: S311 - names for a demo, not secrets
    admin = app.open_account(
        SYSTEM_ACTOR, DEMO_EMAIL, "Mme Claire Rousseau", DEMO_PASSWORD, Role.ADMINISTRATOR
    )
    centre = app.register_centre(
        SYSTEM_ACTOR, "Collège Jean Moulin", CentreType.SCO, DEMO_CODE, admin.id
    )
    window = next(
        w
        for y in range(today.year, today.year + 2)
        for w in example_windows(y)
        if w.last_day >= today
    )
    app.set_certification_windows(
        admin.id, centre.id, [(w.label, w.first_day, w.last_day) for w in [window]]
    )
    first_day = max(window.first_day, today)
    session_ids, codes, passwords = [], [], []
    for index, (room, hour) in enumerate(SESSIONS):
        day = date.fromordinal(first_day.toordinal() + 7 + index // 2)
        receipt = app.create_session(
            admin.id,
            centre.id,
            "Bâtiment B",
            room,
            "M. Karim Benali, Mme Sophie Lemoine",
            day,
            time(hour, 0),
            "Prévoir les casques audio.",
        )
        session_ids.append(receipt.id)
        codes.append(receipt.access_code)
        passwords.append(receipt.invigilator_password)
        app.name_invigilators(admin.id, receipt.id, ["M. Karim Benali", "Mme Sophie Lemoine"])
    profiles = []
    for number in range(60):
        session_id = session_ids[number // 20]
        pupil = _pupil(rng, number)
        extra = Decimal("0.33") if number == 7 else Decimal(0)
        app.add_candidate(admin.id, session_id, pupil, extra)
        if number % 12 != 5:  # a few pupils have not taken the campaign yet
            profiles.append(_profile(rng, pupil, app.now()))
    app.record_profiles(admin.id, centre.id, profiles)
    return DemoSummary(centre.id, session_ids, 60, codes, passwords)


def _profile(rng: random.Random, pupil: CandidateInput, now: datetime) -> ProfileInput:
    """Most pupils position 5 to 12 competences; some fewer, not yet certifiable."""
    positioned = rng.choice([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 6, 7, 8])
    chosen = set(rng.sample(COMPETENCES, positioned))
    pix = {
        code: rng.randint(8, 30) if code in chosen else rng.randint(0, 7) for code in COMPETENCES
    }
    captured = now - timedelta(days=rng.randint(10, 40))
    return ProfileInput(
        pupil.last_name, pupil.first_name, pupil.birthdate, "Collecte de profils 3e", captured, pix
    )


def _pupil(rng: random.Random, number: int) -> CandidateInput:
    sex = rng.choice([Sex.F, Sex.M])
    return CandidateInput(
        last_name=LAST_NAMES[number % len(LAST_NAMES)],
        first_name=rng.choice(FIRST_NAMES[sex]),
        birthdate=date(2011, 1, 1).fromordinal(date(2011, 1, 1).toordinal() + rng.randrange(540)),
        sex=sex,
        division=DIVISIONS[number // 20],
        external_id=f"INE{100000 + number:06d}",
        convocation_email=None,
    )


def demo_account_id() -> UUID:
    return Account.id_for(DEMO_EMAIL)
