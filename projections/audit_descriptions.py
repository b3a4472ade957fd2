"""The audit trail's sentences, in French, for the schools and auditors who
read them: one describer per event, reading the trail's rows as they were
before the event. A sentence names a candidate (this read model is rebuilt
after an erasure) but never shows an email or another personal value: a
changed detail is named by its field only.

Dates are written day first (15/03/2027) without a display library: the
projections may not import the adapters' formatters (ADR 0023)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.aggregates.candidate import Candidate
from domain.aggregates.centre import Centre
from domain.aggregates.session import Session
from domain.aggregates.session_activity import SessionActivity
from projections.engine import Doc, Rows, plain

CANDIDATE, SESSION = "candidate", "session"
TRACKED_FIELDS = (
    "birthdate",
    "sex",
    "birth_place",
    "external_id",
    "division",
    "convocation_email",
    "results_email",
)
FIELD_NAMES = {
    "birthdate": "date de naissance",
    "sex": "sexe",
    "birth_place": "lieu de naissance",
    "external_id": "identifiant",
    "division": "classe",
    "convocation_email": "e-mail de convocation",
    "results_email": "e-mail des résultats",
    "billing_mode": "mode de facturation",
    "accessibility_adjustment": "aménagement d'accessibilité",
    "site": "site",
    "room": "salle",
    "examiner": "surveillants",
    "date": "date",
    "start_time": "heure de début",
    "observations": "observations",
}

Describe = Callable[[Any, Rows], str]


def details_of(details: Any) -> Doc:
    return {
        "site": details.site,
        "room": details.room,
        "examiner": details.examiner,
        "date": details.date.isoformat(),
        "start_time": details.start_time.strftime("%H:%M"),
        "observations": details.observations,
    }


def full_name(personal: Any) -> str:
    return f"{personal.first_name} {personal.last_name}"


def digests_of(candidate_id: str, event: Any) -> dict[str, str]:
    """A keyed digest per detail: enough to tell that a value changed, without
    keeping the value (emails above all) in the trail."""
    values = {name: getattr(event.personal, name) for name in TRACKED_FIELDS}
    values |= {
        "billing_mode": event.billing_mode,
        "accessibility_adjustment": event.accessibility_adjustment,
    }
    key = UUID(candidate_id).bytes
    return {
        name: hashlib.blake2b(repr(value).encode(), key=key, digest_size=8).hexdigest()
        for name, value in values.items()
    }


def day(iso: str) -> str:
    """'2027-03-16' → '16/03/2027'."""
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def fields(names: list[str]) -> str:
    return ", ".join(FIELD_NAMES.get(name, name.replace("_", " ")) for name in names)


def percent(ratio: Decimal) -> str:
    return f"{(ratio * 100).normalize():f} %"


def candidate_name(rows: Rows, candidate_id: UUID) -> str:
    known = rows.get(CANDIDATE, str(candidate_id))
    return str(plain(known["name"])) if known else f"#{str(candidate_id)[:8]}"


def session_created(event: Any, rows: Rows) -> str:
    d = details_of(event.details)
    return (
        f"Session du {day(d['date'])} à {d['start_time']} créée : {d['room']} "
        f"({d['site']}), surveillance : {d['examiner']}"
    )


def session_details_changed(event: Any, rows: Rows) -> str:
    before = rows.get(SESSION, str(event.originator_id))
    after = details_of(event.details)
    if before is None:
        return "Détails de la session modifiés"
    changed = [name for name, value in after.items() if before.get(name) != value]
    where_or_when = {"date", "start_time", "site", "room"}
    others = fields([name for name in changed if name not in where_or_when])
    if where_or_when.isdisjoint(changed):
        return f"Détails de la session modifiés : {others}"
    moved = f"Session déplacée au {day(after['date'])} à {after['start_time']}, {after['room']}"
    return f"{moved} ; autres changements : {others}" if others else moved


def candidate_added(event: Any, rows: Rows) -> str:
    text = f"Inscription à la session : {full_name(event.personal)}"
    if event.extra_time:
        text += f", avec {percent(event.extra_time)} de temps majoré"
    if event.accessibility_adjustment:
        text += ", avec un aménagement d'accessibilité"
    return text


def candidate_details_changed(event: Any, rows: Rows) -> str:
    candidate_id = str(event.originator_id)
    before = rows.get(CANDIDATE, candidate_id) or {"name": "", "digests": {}}
    old_digests: dict[str, str] = plain(before["digests"])
    old_name = plain(before["name"])
    changed = fields(
        [
            name
            for name, digest in digests_of(candidate_id, event).items()
            if old_digests.get(name) not in (None, digest)
        ]
    )
    new_name = full_name(event.personal)
    if old_name and old_name != new_name:
        renamed = f"Changement de nom : {old_name} devient {new_name}"
        return f"{renamed} ; autres changements : {changed}" if changed else renamed
    if changed:
        return f"Données modifiées pour {new_name} : {changed}"
    return f"Données modifiées pour {new_name}"


def slot_moment(slot_key: str) -> str | None:
    """'15/03/2027 à 09:00' from a slot key (site|room|date|time, normalised)."""
    parts = slot_key.split("|")
    if len(parts) != 4:
        return None
    try:
        return f"{day(parts[2])} à {parts[3]}"
    except ValueError:
        return f"{parts[2]} à {parts[3]}"


def slot_booked(event: Any, rows: Rows) -> str:
    moment = slot_moment(event.slot_key)
    slot = f"Créneau du {moment}" if moment else "Créneau"
    return f"{slot} réservé dans le calendrier du centre"


def slot_moved(event: Any, rows: Rows) -> str:
    moment = slot_moment(event.slot_key)
    moved = f"Créneau déplacé au {moment}" if moment else "Créneau déplacé"
    return f"{moved} dans le calendrier du centre"


def incident_phrase(report: Any) -> str:
    where = f" à la question {report.question_number}" if report.question_number else ""
    return f"Incident {report.category} signalé{where}"


def sheet_downloaded(event: Any, rows: Rows) -> str:
    return f"Feuille d'émargement téléchargée ({event.format.upper()})"


def convocation_sent(event: Any, rows: Rows) -> str:
    return f"Convocation envoyée à {candidate_name(rows, event.candidate_id)}"


def sign_in_attempted(event: Any, rows: Rows) -> str:
    return {
        "accepted": "Espace du surveillant ouvert",
        "wrong-password": "Espace du surveillant : mot de passe erroné",
        "locked": "Espace du surveillant : tentative refusée après trop de mots de passe erronés",
    }.get(event.outcome, f"Espace du surveillant : {event.outcome}")


def about(text: str) -> Describe:
    """'<text> : <the candidate's name>', for a session's event about a candidate."""
    return lambda e, r: f"{text} : {candidate_name(r, e.candidate_id)}"


def finished(event: Any, rows: Rows) -> str:
    text = "Test terminé" if event.completed else "Test arrêté par le surveillant"
    return f"{text} : {candidate_name(rows, event.candidate_id)}"


def joined(event: Any, rows: Rows) -> str:
    verdict = "certifiable" if event.decision.certifiable else "non certifiable"
    version = event.decision.rule_version
    return f"Connexion à la session ; {verdict} selon la version {version} de la règle"


DESCRIBERS: dict[type[Any], Describe] = {
    Session.SessionCreated: session_created,
    Session.SessionDetailsChanged: session_details_changed,
    Session.SessionDeleted: lambda e, r: "Session supprimée",
    Session.InvigilatorPasswordRenewed: lambda e, r: "Mot de passe du surveillant renouvelé",
    Session.CandidateEnrolled: about("Ajout à la liste de la session"),
    Session.CandidateEntryChanged: about("Ligne de la liste de la session mise à jour"),
    Session.CandidateWithdrawn: about("Retrait de la liste de la session"),
    Session.CandidateStarted: about("Début du test"),
    Session.AttendanceSheetDownloaded: sheet_downloaded,
    SessionActivity.AttendanceSheetDownloaded: sheet_downloaded,
    Session.ConvocationSent: convocation_sent,
    SessionActivity.ConvocationSent: convocation_sent,
    Session.InvigilatorsNamed: lambda e, r: f"Surveillants désignés : {', '.join(e.names)}",
    Session.InvigilatorSignInAttempted: sign_in_attempted,
    SessionActivity.InvigilatorSignInAttempted: sign_in_attempted,
    SessionActivity.JoinFromAnotherAccountRefused: lambda e, r: (
        f"Connexion refusée pour {candidate_name(r, e.candidate_id)} : "
        "déjà connecté(e) depuis un autre compte élève"
    ),
    Session.SessionStarted: lambda e, r: "Session démarrée par le surveillant",
    Session.CandidateJoined: about("Arrivée dans la session"),
    Session.CandidateFinished: finished,
    Session.IncidentReported: lambda e, r: incident_phrase(e.report),
    Session.FraudReported: lambda e, r: (
        f"Fraude signalée : {candidate_name(r, e.report.candidate_id)}"
    ),
    Session.SessionFinalised: lambda e, r: "Session finalisée",
    Session.SessionUnfinalised: lambda e, r: "Finalisation annulée",
    Session.ReviewCommented: lambda e, r: "Commentaire de relecture ajouté",
    Session.CertificationCancelled: about("Certification annulée"),
    Session.ReviewCompleted: lambda e, r: "Relecture terminée",
    Session.ResultReceived: about("Résultat reçu"),
    Session.ResultsPublished: lambda e, r: "Résultats publiés",
    Candidate.CandidateJoined: joined,
    Candidate.PupilAccountDetached: lambda e, r: (
        "Compte élève détaché par le surveillant : le candidat se connecte à nouveau"
    ),
    Candidate.PresenceConfirmed: lambda e, r: "Présence confirmée : début du test autorisé",
    Candidate.PresenceCancelled: lambda e, r: (
        f"Présence annulée par le surveillant : {candidate_name(r, e.originator_id)}"
    ),
    Candidate.TestStarted: lambda e, r: "Test repris" if e.resumed else "Test commencé",
    Candidate.HelpRequested: lambda e, r: "Demande d'aide",
    Candidate.HelpGiven: lambda e, r: "Aide apportée",
    Candidate.TestEnded: lambda e, r: "Test arrêté par le surveillant",
    Candidate.TestCompleted: lambda e, r: "Test terminé",
    Candidate.ResultRecorded: lambda e, r: "Résultat enregistré",
    Candidate.CandidateAdded: candidate_added,
    Candidate.CandidateDetailsChanged: candidate_details_changed,
    Candidate.ExtraTimeNoted: lambda e, r: f"Temps majoré noté : {percent(e.extra_time)}",
    Candidate.CandidateRemoved: lambda e, r: "Retrait de la session",
    Candidate.PersonalDataErased: lambda e, r: f"Données personnelles effacées : {e.reason}",
    Centre.SessionScheduled: slot_booked,
    Centre.SessionRescheduled: slot_moved,
    Centre.SessionUnscheduled: lambda e, r: "Créneau libéré dans le calendrier du centre",
}
