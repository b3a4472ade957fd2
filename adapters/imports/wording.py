"""A fault of a file's row, in French: "Ligne 12 : la date de naissance doit être au
format jj/mm/aaaa." One wording for the pages and the API alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from adapters.web.messages import BY_RULE, BY_RULE_AND_FIELD

FIELD_LABELS = {
    "last_name": "le nom de naissance",
    "first_name": "le prénom",
    "birthdate": "la date de naissance",
    "sex": "le sexe",
    "birth_insee_code": "le code INSEE de naissance",
    "birth_postal_code": "le code postal de naissance",
    "birth_city": "la commune de naissance",
    "birth_country": "le pays de naissance",
    "birth_country_code": "le code du pays de naissance",
    "external_id": "l'identifiant local",
    "convocation_email": "l'e-mail de convocation",
    "results_email": "l'e-mail du destinataire des résultats",
    "extra_time": "le temps majoré",
    "billing_mode": "la tarification",
    "prepayment_code": "le code de prépaiement",
    "national_id": "l'identifiant national (INE)",
    "division": "la classe",
    "usage_name": "le nom d'usage",
}

RULES = {
    "date-format": "{label} doit être au format jj/mm/aaaa",
    "required": "{label} est obligatoire",
    "name-required": "{label} est obligatoire",
    "sex-code": "le sexe s'écrit M ou F (1 ou 2 dans SIECLE)",
    "national-id-format": "l'INE n'a pas une forme habituelle (10 chiffres et une lettre, "
    "ou 9 chiffres et deux lettres) : il est importé, vérifiez-le",
    "duplicate-national-id": "le même INE figure déjà ligne {value}",
    "duplicate-in-file": "ce candidat (mêmes nom, prénom et date de naissance) figure déjà "
    "ligne {value}",
    "unknown-column": "la colonne « {value} » n'est pas une colonne du modèle",
    "extra-time-format": "le temps majoré s'écrit en pourcentage (33 %) ou en fraction (0,33)",
    "billing-mode": "la tarification est Gratuite, Payante ou Prépayée",
    "prepayment-code-without-prepaid": "un code de prépaiement ne va qu'avec la tarification "
    "Prépayée",
    "candidate-has-joined": "{value} a déjà rejoint la session : gardez ce candidat dans le "
    "fichier",
    "pupil-gone": "cet élève n'est plus dans la dernière liste de l'établissement",
    "pupil-of-another-centre": "cet élève n'est pas de cet établissement",
    "personal-data-erased": "les données de cet élève ont été effacées",
}


def french_problem(problem: Mapping[str, Any]) -> str:
    """The sentence for one fault: its line (none for the whole file), then why."""
    field = problem.get("field") or ""
    label = FIELD_LABELS.get(field, "cette valeur")
    rule = str(problem.get("rule") or "")
    template = RULES.get(rule)
    if template is not None:
        sentence = template.format(label=label, value=problem.get("value") or "")
    else:
        chosen = BY_RULE_AND_FIELD.get((rule, field)) or BY_RULE.get(rule)
        sentence = chosen or f"{label} n'est pas valide"
        sentence = sentence[0].lower() + sentence[1:].rstrip(".")
    sentence = sentence[0].upper() + sentence[1:] if not problem.get("row") else sentence
    line = problem.get("row")
    return f"Ligne {line} : {sentence}." if line else f"{sentence}."


def with_french(problems: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each fault with its French sentence beside the English detail, by line."""
    ordered = sorted(problems, key=lambda p: (p.get("row") or 0, str(p.get("field") or "")))
    return [dict(p) | {"message_fr": french_problem(p)} for p in ordered]
