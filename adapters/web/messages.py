"""What a refusal says on a page, in French.

The domain names each refusal by its rule (``errors.DomainError.rule``) and
the field it concerns; the API sends its English message, a page sends the
French one chosen here, beside the field. A rule with a wording of its own
per field is keyed by (rule, field); otherwise by the rule alone, then by its
family, so that no refusal ever reaches a page without a French sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from domain import errors

BY_RULE_AND_FIELD = {
    ("birthdate-out-of-range", "birthdate"): "La date de naissance doit être passée et "
    "postérieure au 1er janvier 1900.",
    ("birth-place-invalid", "birth_country"): "Le pays de naissance est obligatoire.",
    ("birth-place-invalid", "birth_insee_code"): "Le code INSEE de la commune de naissance "
    "est invalide (5 caractères) ou ne correspond pas au pays.",
    ("birth-place-invalid", "birth_postal_code"): "Le code postal de naissance est invalide "
    "(5 chiffres) ou manque.",
    ("birth-place-invalid", "birth_city"): "La commune de naissance est obligatoire.",
    ("email-invalid", "email"): "Cette adresse électronique n'est pas valide.",
    ("email-invalid", "result_recipient_email"): "L'adresse de destination des résultats "
    "n'est pas valide.",
    ("email-invalid", "convocation_email"): "L'adresse de convocation n'est pas valide.",
    ("session-details-invalid", "end_time"): "L'heure de fin doit suivre l'heure de début.",
    ("session-details-invalid", "start_time"): "L'heure de début n'est pas valide.",
    ("session-details-invalid", "site"): "Le nom du site est obligatoire.",
    ("session-details-invalid", "room"): "Le nom de la salle est obligatoire.",
    ("session-details-invalid", "examiner"): "Le nom du surveillant est obligatoire.",
    ("session-details-invalid", "date"): "Une session se programme au plus trois ans à l'avance.",
    ("session-details-invalid", "invigilators"): "Chaque surveillant a un nom.",
    ("extra-time-out-of-range", "extra_time"): "Le temps majoré est un pourcentage de 0 à "
    "999,99 (33 pour un tiers de temps en plus).",
    ("eligibility-rule-invalid", "min_competences"): "Le seuil va de 1 à 16 compétences.",
    ("eligibility-rule-invalid", "min_level"): "Le niveau va de 1 à 8.",
    ("eligibility-rule-invalid", "reason"): "Dites pourquoi la règle change.",
    ("report-invalid", "reason"): "Dites pourquoi la certification est annulée (500 caractères "
    "au plus).",
    ("report-invalid", "comment"): "Le commentaire est vide ou dépasse 500 caractères.",
    ("invalid-input", "division"): "Aucun élève de la liste de l'établissement n'est dans "
    "cette classe.",
    ("invalid-input", "pupil_ids"): "Cochez au moins un élève, ou choisissez une classe.",
}

BY_RULE = {
    "name-required": "Ce nom est obligatoire.",
    "control-character": "Ce texte contient des caractères de contrôle interdits.",
    "birthdate-out-of-range": "La date de naissance n'est pas valide.",
    "extra-time-out-of-range": "Le temps majoré est un pourcentage entier de 0 à 100.",
    "birth-place-invalid": "Le lieu de naissance n'est pas valide.",
    "billing-mode-invalid": "Le mode de facturation n'est pas valide pour ce centre.",
    "email-invalid": "Cette adresse électronique n'est pas valide.",
    "weak-password": "Le mot de passe doit compter au moins 12 caractères et ne pas être "
    "un mot de passe courant.",
    "access-code-invalid": "Le code d'accès compte 4 lettres puis 2 chiffres, comme sur "
    "le tableau de la salle (par exemple GYHB49).",
    "session-details-invalid": "Les informations de la session ne sont pas valides.",
    "centre-invalid": "Les informations du centre ne sont pas valides.",
    "certification-window-invalid": "La période de certification n'est pas valide : "
    "un libellé, et une fin après le début.",
    "session-in-the-past": "La date de la session est passée.",
    "outside-certification-window": "Cette date est hors des périodes de certification du centre.",
    "slot-taken": "Une autre session occupe déjà cette salle à ce moment.",
    "access-code-taken": "Ce code d'accès est déjà pris.",
    "session-deleted": "Cette session a été supprimée.",
    "session-finalised": "La session est finalisée : elle ne peut plus être modifiée.",
    "session-has-started": "La session a commencé : ce changement n'est plus possible.",
    "duplicate-candidate": "Ce candidat est déjà inscrit à cette session (même nom, même "
    "prénom, même date de naissance).",
    "candidate-has-joined": "Ce candidat a déjà rejoint la session.",
    "candidate-removed": "Ce candidat a été retiré de la session.",
    "personal-data-erased": "Les données personnelles de ce candidat ont été effacées.",
    "stale-version": "Quelqu'un d'autre a modifié ces informations entre-temps : "
    "rechargez la page et recommencez.",
    "concurrent-change": "Un autre changement a eu lieu au même moment : recommencez.",
    "email-taken": "Cette adresse électronique est déjà utilisée.",
    "national-code-taken": "Ce code UAI est déjà celui d'un autre centre.",
    "already-administrator": "Ce compte administre déjà ce centre.",
    "profile-invalid": "Ce profil n'est pas valide.",
    "eligibility-rule-invalid": "Cette règle d'éligibilité n'est pas valide.",
    "rows-invalid": "Certaines lignes ne sont pas valides.",
    "report-invalid": "Ce signalement n'est pas complet.",
    "not-enough-invigilators": "Il n'y a pas assez de surveillants pour le nombre de candidats.",
    "too-many-attempts": "Trop de tentatives : réessayez dans quelques minutes.",
    "session-not-open": "La session n'est pas ouverte : le surveillant doit la démarrer.",
    "no-such-candidate": "Aucun candidat inscrit ne correspond à ces nom, prénom et date "
    "de naissance. Vérifiez-les avec le surveillant.",
    "several-candidates-match": "Plusieurs candidats correspondent : adressez-vous au surveillant.",
    "joined-from-another-account": "Ce candidat a déjà rejoint la session depuis un autre "
    "compte : adressez-vous au surveillant.",
    "not-certifiable": "Ce candidat n'est pas certifiable : il ne peut pas commencer le test.",
    "start-not-authorised": "Le surveillant n'a pas encore confirmé votre présence.",
    "test-not-running": "Le test n'est pas en cours.",
    "time-limit-exceeded": "Le temps du test est dépassé.",
    "finalisation-refused": "La session ne peut pas être finalisée en l'état.",
    "session-published": "Les résultats de cette session sont publiés.",
    "review-required": "La session doit d'abord être examinée.",
    "no-such-invitation": "Aucune invitation ne vous attend pour ce centre.",
    "role-cannot-administer-centres": "Ce rôle ne peut pas administrer de centre.",
    "not-found": "Cette page n'existe pas, ou vous n'y avez pas accès.",
    "forbidden": "Votre rôle ne permet pas cette action.",
    "authentication-failed": "Adresse électronique ou mot de passe incorrect.",
    "invalid-input": "Cette valeur n'est pas valide.",
    "rule-conflict": "Cette action n'est pas possible en l'état de la session.",
    "file-unreadable": "Ce fichier est illisible.",
    "roster-of-another-centre": "Ce fichier est la liste d'élèves d'un autre établissement : "
    "son code UAI n'est pas celui de ce centre.",
    "roster-for-schools-only": "Seuls les établissements scolaires importent une liste d'élèves.",
    "pupil-gone": "Cet élève n'est plus dans la dernière liste de l'établissement.",
    "pupil-of-another-centre": "Cet élève n'est pas de cet établissement.",
    "candidate-list-changed": "La session a changé depuis la vérification du fichier : "
    "voici ce que le fichier y ferait maintenant ; confirmez à nouveau si c'est bien cela.",
    "presence-not-cancellable": "Il n'y a pas de présence à annuler : elle n'est pas confirmée, "
    "ou le candidat a déjà commencé (ou repris) son test avec elle.",
}

BY_VALIDATION_TYPE = {
    "missing": "Ce champ est obligatoire.",
    "string_too_short": "Ce champ est obligatoire.",
    "string_too_long": "Ce texte est trop long.",
    "date_from_datetime_parsing": "La date doit être au format jj/mm/aaaa.",
    "date_parsing": "La date doit être au format jj/mm/aaaa.",
    "date_type": "La date doit être au format jj/mm/aaaa.",
    "time_parsing": "L'heure doit être au format hh:mm.",
    "time_type": "L'heure doit être au format hh:mm.",
    "int_parsing": "Un nombre entier est attendu.",
    "int_type": "Un nombre entier est attendu.",
    "greater_than_equal": "Ce nombre est trop petit.",
    "less_than_equal": "Ce nombre est trop grand.",
    "enum": "Choisissez une des valeurs proposées.",
    "literal_error": "Choisissez une des valeurs proposées.",
    "uuid_parsing": "Cet identifiant n'est pas valide.",
    "string_pattern_mismatch": "Cette valeur n'a pas le format attendu.",
}


def french(error: errors.DomainError) -> str:
    """The French sentence for a refusal of the domain."""
    chosen = BY_RULE_AND_FIELD.get((error.rule, error.field or "")) or BY_RULE.get(error.rule)
    if chosen:
        return chosen
    for family in type(error).__mro__:
        rule = getattr(family, "rule", None)
        if isinstance(rule, str) and rule in BY_RULE:
            return BY_RULE[rule]
    return "Cette action a été refusée."


def field_errors(problems: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Pydantic's errors of a form, by field, in French (the first one per field)."""
    found: dict[str, str] = {}
    for problem in problems:
        location = [str(part) for part in problem.get("loc", ()) if part not in ("body",)]
        name = location[0] if location else "formulaire"
        kind = str(problem.get("type", ""))
        found.setdefault(name, BY_VALIDATION_TYPE.get(kind, "Cette valeur n'est pas valide."))
    return found
