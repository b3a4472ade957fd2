"""What each route of the access table acts on when it is walked: reads share
the world's session; commands get a fresh target at the stage they need."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from adapters.imports.candidate_template import read_template
from application.enrolment_files import RosterFile, RosterPupil
from domain.competences import COMPETENCES
from domain.values import CentreType
from tests.e2e.access_world import PASSWORD, PUPIL, Target, World, uai

CSV = (
    "last_name;first_name;birthdate;campaign;captured_at;" + ";".join(COMPETENCES) + "\n"
    "Quatremain;Zéphyrine;2011-05-01;Collecte;2026-10-02;" + ";".join(["9"] * 16) + "\n"
).encode()
PROFILE = {
    "last_name": "Quatremain",
    "first_name": "Zéphyrine",
    "birthdate": "2011-05-01",
    "campaign": "Collecte",
    "captured_at": "2026-10-02T09:00:00Z",
    "pix": {"1.1": 9, "1.2": 9, "1.3": 9, "2.1": 9, "2.2": 9},
}
INCIDENT = {"category": "C7", "description": "Écran figé"}
RESULT = {"certified": True, "score": 300, "levels": {"1.1": 2}}
FINALISATION = {"had_incident": False, "joining_issues": False}


LIST_CSV = (
    "\ufeffN°;Nom de naissance;Prénom;Date de naissance (format : jj/mm/aaaa);Temps majoré ?\r\n"
    "1;Quatrelune;Anaïs;02/03/2011;\r\n"
).encode()


ROSTER_CSV = (
    "Identifiant unique*;Premier prénom*;Nom de famille*;Date de naissance (jj/mm/aaaa)*;"
    "Division*\r\n0123456789A;Anaïs;Quatrelune;02/03/2011;3A\r\n"
).encode("cp1252")


def roster_pupil(w: World, centre: str) -> str:
    """A new pupil on the centre's roster (each call another), by their id."""
    n = w.next()
    pupil = RosterPupil(2, f"{n:09d}XY", f"Quatrelune{n}", "Anaïs", date(2011, 3, 2), division="3A")
    admin, centre_id = w.accounts["admin"], UUID(centre)
    w.app.import_roster(admin, centre_id, RosterFile("csv", None, (pupil,)))
    w.secrets.append(f"Quatrelune{n}")
    return str(w.app.list_pupils(admin, centre_id, search=f"Quatrelune{n}")[0].id)


def with_pupil(target: Target, w: World, **body: Any) -> Target:
    target.ids["pupil_id"] = roster_pupil(w, target.ids["centre_id"])
    target.body = body if body else {"pupil_ids": [target.ids["pupil_id"]]}
    return target


def committed_list(w: World) -> Target:
    """A fresh session and the token of its dry run of the list."""
    target = w.fresh("created", files={"file": ("liste.csv", LIST_CSV)})
    given = read_template(LIST_CSV, "liste.csv", CentreType.SCO)
    plan = w.app.plan_candidate_list(w.accounts["admin"], target.session, given)
    target.form = {"token": plan.token}
    return target


def with_body(target: Target, make: Callable[[dict[str, str]], Any], **flags: bool) -> Target:
    target.body = make(target.ids)
    target.names_in_body = flags.get("names_in_body", False)
    return target


def join_body(ids: dict[str, str]) -> dict[str, str]:
    last, first, born = PUPIL
    return {
        "access_code": ids["code"],
        "last_name": last,
        "first_name": first,
        "birthdate": born.isoformat(),
        "pupil_account": "ent-join",
    }


S = "/api/v1/sessions/{session_id}"
C = "/api/v1/centres/{centre_id}"
SCENARIOS: dict[tuple[str, str], Callable[[World], Target]] = {
    ("POST", "/api/v1/auth/token"): lambda w: w.shared(
        body={"email": w.app.get_account(w.accounts["admin"]).email, "password": PASSWORD}
    ),
    ("POST", "/api/v1/me/invitations/{centre_id}/acceptance"): lambda w: w.invited(),
    ("DELETE", "/api/v1/me/invitations/{centre_id}"): lambda w: w.invited(),
    ("POST", "/api/v1/centres"): lambda w: w.shared(
        body={"name": "Lycée Neuf", "type": "SCO", "national_code": uai(200000 + w.next())}
    ),
    ("PUT", "/api/v1/centres/{centre_id}/certification-windows"): lambda w: w.shared(
        body={"windows": []}
    ),
    ("POST", "/api/v1/centres/{centre_id}/invitations"): lambda w: w.shared(
        body={"email": f"collegue{w.next()}@aurore.fr"}
    ),
    ("POST", "/api/v1/centres/{centre_id}/sessions"): lambda w: w.fresh(
        "created",
        body={
            "site": "B",
            "room": f"CDI {w.next()}",
            "examiner": "M. Benali",
            "date": "2027-03-15",
            "start_time": "14:00",
        },
    ),
    ("POST", "/api/v1/centres/{centre_id}/profiles"): lambda w: w.shared(body=PROFILE),
    ("POST", "/api/v1/centres/{centre_id}/profiles/bulk"): lambda w: w.shared(content=CSV),
    ("PATCH", S): lambda w: w.fresh("created", body={"observations": "Salle au calme"}),
    ("DELETE", S): lambda w: w.fresh("created"),
    ("POST", S + "/invigilator-password"): lambda w: w.fresh("created"),
    ("POST", S + "/candidates"): lambda w: w.fresh(
        "created", body={"last_name": "Nouvel", "first_name": "Élève", "birthdate": "2011-02-03"}
    ),
    ("PATCH", S + "/candidates/{candidate_id}"): lambda w: w.fresh(
        "enrolled", body={"division": "3e B"}
    ),
    ("PUT", S + "/candidates/{candidate_id}/extra-time"): lambda w: w.fresh(
        "enrolled", body={"extra_time": "33%"}
    ),
    ("DELETE", S + "/candidates/{candidate_id}"): lambda w: w.fresh("enrolled"),
    ("POST", S + "/candidates/{candidate_id}/erasure"): lambda w: w.fresh(
        "enrolled", body={"reason": "Demande des parents"}
    ),
    ("GET", S + "/history"): lambda w: w.shared(query="&version=1"),
    ("GET", "/api/v1/verify"): lambda w: w.shared(query=f"&session={w.ids['session']}"),
    ("PUT", S + "/invigilators"): lambda w: w.fresh("created", body={"names": ["M. Benali"]}),
    ("POST", S + "/incidents"): lambda w: w.fresh("started", body=INCIDENT),
    ("POST", S + "/finalisation"): lambda w: w.fresh("completed", body=FINALISATION),
    ("DELETE", S + "/finalisation"): lambda w: w.fresh("finalised"),
    ("POST", S + "/review/comments"): lambda w: w.fresh("in_review", body={"comment": "Vu"}),
    ("POST", S + "/review/cancellations"): lambda w: with_body(
        w.fresh("in_review"), lambda ids: {"candidate_id": ids["candidate_id"], "reason": "Fraude"}
    ),
    ("POST", S + "/review/completion"): lambda w: w.fresh("in_review"),
    ("PUT", S + "/candidates/{candidate_id}/result"): lambda w: w.fresh("completed", body=RESULT),
    ("POST", S + "/publication"): lambda w: w.fresh("finalised"),
    ("POST", "/api/v1/eligibility-rule/preview"): lambda w: w.shared(body={"min_competences": 3}),
    ("PUT", "/api/v1/eligibility-rule"): lambda w: w.shared(
        body={"min_competences": 5, "effective_from": "2026-09-01", "reason": "Seuil rappelé"}
    ),
    ("POST", "/api/v1/invigilation/sign-in"): lambda w: with_body(
        w.fresh("created"),
        lambda ids: {"session_id": ids["session_id"], "password": ids["password"]},
    ),
    ("POST", "/api/v1/invigilation/start"): lambda w: w.fresh("staffed"),
    ("POST", "/api/v1/invigilation/candidates/{candidate_id}/presence"): lambda w: w.fresh(
        "joined"
    ),
    ("DELETE", "/api/v1/invigilation/candidates/{candidate_id}/presence"): lambda w: w.fresh(
        "present"
    ),
    ("POST", "/api/v1/invigilation/candidates/{candidate_id}/end"): lambda w: w.fresh("running"),
    ("POST", "/api/v1/invigilation/candidates/{candidate_id}/detach"): lambda w: w.fresh("joined"),
    ("POST", "/api/v1/invigilation/candidates/{candidate_id}/help-given"): lambda w: w.fresh(
        "joined"
    ),
    ("PUT", "/api/v1/invigilation/candidates/{candidate_id}/extra-time"): lambda w: w.fresh(
        "joined", body={"extra_time": "33%"}
    ),
    ("POST", "/api/v1/invigilation/incidents"): lambda w: w.fresh("started", body=INCIDENT),
    ("POST", "/api/v1/invigilation/fraud-reports"): lambda w: with_body(
        w.fresh("joined"),
        lambda ids: {"candidate_id": ids["candidate_id"], "observed": "Téléphone consulté"},
        names_in_body=True,
    ),
    ("POST", "/api/v1/join"): lambda w: with_body(w.fresh("started"), join_body),
    ("POST", "/api/v1/test/start"): lambda w: w.fresh("present"),
    ("POST", "/api/v1/test/complete"): lambda w: w.fresh("running"),
    ("POST", "/api/v1/test/help"): lambda w: w.fresh("running"),
    ("POST", C + "/roster"): lambda w: w.shared(files={"file": ("eleves.csv", ROSTER_CSV)}),
    ("POST", C + "/pupils/{pupil_id}/erasure"): lambda w: with_pupil(
        w.shared(), w, reason="Demande des parents"
    ),
    ("GET", C + "/pupils"): lambda w: with_pupil(w.shared(), w),
    ("POST", S + "/enrolments"): lambda w: with_pupil(w.fresh("created"), w),
    ("POST", S + "/candidate-list/dry-run"): lambda w: w.fresh(
        "created", files={"file": ("liste.csv", LIST_CSV)}
    ),
    ("POST", S + "/candidate-list"): committed_list,
}


def target_for(world: World, method: str, path: str) -> Target:
    return SCENARIOS.get((method, path), World.shared)(world)
