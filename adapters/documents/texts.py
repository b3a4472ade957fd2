"""The French words of the papers: dates, incident codes, what to bring, the
instructions for pupils. The papers are handed to French pupils and staff, so
they speak French whatever the code is written in."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from adapters import display

PIX = "Certification Pix des compétences numériques"

# Codes and what to write, as in DOMAIN.md: staff write the code on paper and
# the administrator types it in at finalisation.
INCIDENT_CATEGORIES = (
    ("C1", "Modification des nom, prénom ou date de naissance", "description"),
    ("C2", "Modification du temps majoré", "description"),
    ("C4", "Problème de signature", "description"),
    ("C6", "Fraude (remplir aussi le procès-verbal de fraude)", "—"),
    ("C7", "Problème technique non bloquant", "description"),
    ("C8", "Problème non bloquant du candidat", "description"),
    ("E1", "L'image ne s'affiche pas", "n° de question"),
    ("E2", "Le simulateur ou l'application intégrée ne fonctionne pas", "n° de question"),
    ("E3", "Le fichier à ouvrir ne s'ouvre pas", "n° de question"),
    ("E4", "Le site à visiter est indisponible", "n° de question"),
    ("E5", "Le site à visiter est bloqué par l'établissement", "n° de question"),
    ("E8", "Le temps majoré a été dépassé", "n° de question"),
    ("E9", "Le logiciel demandé ne fonctionne pas", "n° de question"),
    ("E10", "Sortie involontaire de la fenêtre du test", "n° de question"),
    ("E11", "Question passée à la suite d'une erreur", "n° de question"),
    ("E12", "Problème d'accessibilité de la question", "n° de question"),
)

TO_BRING = (
    "les identifiants de votre compte Pix (adresse e-mail ou identifiant, et mot de passe) ;",
    "cette convocation et votre carnet de correspondance ;",
    "un stylo, pour signer la feuille d'émargement ;",
    "des écouteurs si votre établissement le demande.",
)

INSTRUCTIONS = (
    (
        "La session",
        (
            "La session dure 2 heures, dont 1 h 45 de test. Le surveillant gère le temps : "
            "la plateforme ne limite pas la durée du test.",
            "Votre test est personnalisé : il est construit à partir de votre profil Pix. "
            "Vos voisins n'ont pas les mêmes questions que vous.",
            "Si vous bénéficiez d'un temps majoré, le surveillant vous indique le temps "
            "dont vous disposez.",
        ),
    ),
    (
        "Avant de commencer",
        (
            "Signez la feuille d'émargement en face de votre nom.",
            "Éteignez votre téléphone et rangez-le dans votre sac, avec vos affaires.",
            "Connectez-vous à votre compte Pix, ouvrez la page « Certification » et saisissez "
            "le code d'accès affiché au tableau, puis vos nom, prénom et date de naissance.",
            "Attendez que le surveillant confirme votre présence : le test démarre ensuite.",
        ),
    ),
    (
        "Pendant le test",
        (
            "Vous travaillez seul : aucune aide n'est permise, ni d'une autre personne, ni de "
            "notes, ni d'un autre site ou outil que ceux que demandent les questions.",
            "Ne communiquez pas avec les autres candidats et ne quittez pas la fenêtre du test.",
            "Une question ne s'affiche pas, un site ou un fichier ne s'ouvre pas, vous êtes "
            "déconnecté ? Levez la main sans vous lever : le surveillant le note sur le "
            "procès-verbal d'incident et vous autorise à reprendre.",
            "Toute fraude ou tentative de fraude est consignée dans un procès-verbal et peut "
            "entraîner l'annulation de la certification.",
        ),
    ),
    (
        "À la fin",
        (
            "Quand le test est terminé, restez assis et silencieux jusqu'à ce que le "
            "surveillant vous permette de sortir.",
            "Vos résultats seront visibles sur votre compte Pix une fois la session "
            "finalisée et les résultats publiés.",
        ),
    ),
)


def check_first(rule: dict[str, Any]) -> str:
    """The guide's first step for pupils, with the eligibility rule in force."""
    return (
        "Vérifiez dès maintenant, dans votre profil Pix, que vous êtes certifiable : "
        f"{rule_text(rule)}. Si ce n'est pas le cas, prévenez votre professeur avant le jour "
        "de la session."
    )


def rule_text(rule: dict[str, Any]) -> str:
    """'il faut au moins 5 compétences positionnées (niveau 1 ou plus)'."""
    count, level = rule["min_competences"], rule["min_level"]
    noun = "compétence positionnée" if count == 1 else "compétences positionnées"
    return f"il faut au moins {count} {noun} (niveau {level} ou plus)"


def long_date(iso: str) -> str:
    """'2027-03-15' → 'lundi 15 mars 2027'."""
    return display.long_date(date.fromisoformat(iso))


def short_date(iso: str) -> str:
    """'2027-03-15' → '15/03/2027'."""
    return display.short_date(date.fromisoformat(iso))


def percent(ratio: str | None) -> str:
    """'0.33' → '33 %'; nothing for no extra time."""
    try:
        value = Decimal(ratio or "0")
    except InvalidOperation:
        return ""
    return f"{(value * 100).normalize():f} %" if value > 0 else ""


def class_or_id(row: dict[str, Any]) -> str:
    division: str | None = row.get("division")
    external: str | None = row.get("external_id")
    return division or external or ""


def session_number(session: dict[str, Any]) -> str:
    """The number read aloud ('4512'); the id of a session created before numbers."""
    number = session.get("number")
    return str(number) if number is not None else str(session["id"])


def session_line(session: dict[str, Any]) -> str:
    """'Session n° 4512 – 15/03/2027 09:00 – Salle 101', for the foot of a page."""
    when = f"{short_date(session['date'])} {session['start_time']}"
    return f"Session n° {session_number(session)} – {when} – {session['room']}"


def where(session: dict[str, Any]) -> str:
    """'Salle 101, Bâtiment B'."""
    return ", ".join(part for part in (session["room"], session["site"]) if part)
