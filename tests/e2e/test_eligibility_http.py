"""Profiles, eligibility views and the rule change, over HTTP."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain.competences import COMPETENCES
from domain.values import Role
from tests.e2e.client import ApiClient, problem_of
from tests.e2e.test_http_tour import new_session

HEADER = "last_name;first_name;birthdate;campaign;captured_at;" + ";".join(COMPETENCES)


def csv_row(last: str, first: str, born: str, positioned: int, captured: str = "2026-10-01") -> str:
    pix = ["8" if i < positioned else "0" for i in range(len(COMPETENCES))]
    return ";".join([last, first, born, "Collecte 3e", captured, *pix])


def enrol(admin: ApiClient, session_id: str, last: str, first: str, born: str) -> int:
    body = {"last_name": last, "first_name": first, "birthdate": born}
    answer = admin.post(f"/sessions/{session_id}/candidates", body)
    assert answer.status_code == 201, answer.text
    return int(answer.headers["Certif-Position"])


def post_csv(admin: ApiClient, centre_id: str, text: str) -> Any:
    headers = admin.headers(None) | {"Content-Type": "text/csv"}
    return admin.http.post(
        f"/api/v1/centres/{centre_id}/profiles/bulk", content=text.encode(), headers=headers
    )


def operator(http: TestClient) -> ApiClient:
    app: CertificationApp = http.app.state.certification  # type: ignore[attr-defined]
    app.open_account(SYSTEM_ACTOR, "ops@certif.fr", "Ops", "sable-quartz-37", Role.OPERATOR)
    return ApiClient(http).sign_in("ops@certif.fr", "sable-quartz-37")


def test_a_faulty_bulk_file_lists_every_faulty_row_and_stores_nothing(admin: ApiClient) -> None:
    centre = admin.get("/me").json()["centre_ids"][0]
    text = "\n".join(
        [
            HEADER,
            csv_row("Durand", "Léa", "2011-05-01", 6),
            csv_row("Ménard", "Zoé", "31/02/2011", 3),
            csv_row("", "Hugo", "2011-01-01", 3),
            csv_row("Roux", "Noé", "2011-01-01", 3).replace(";8;", ";65;", 1),
        ]
    )
    problem = problem_of(post_csv(admin, centre, text), 422)
    assert [(e["row"], e["field"]) for e in problem["errors"]] == [
        (3, "birthdate"),
        (4, "last_name"),
        (5, "1.1"),
    ]
    session = new_session(admin)
    position = enrol(admin, session["id"], "Durand", "Léa", "2011-05-01")
    view = admin.get(f"/sessions/{session['id']}/eligibility?after={position}").json()
    assert view["certifiable"] == 0


def test_profiles_decide_eligibility_and_a_rule_change_rebuilds_it(
    http: TestClient, admin: ApiClient
) -> None:
    centre = admin.get("/me").json()["centre_ids"][0]
    template = admin.get("/profiles/template.csv")
    assert template.text.splitlines()[0] == HEADER
    text = "\n".join(
        [
            HEADER,
            csv_row("Durand", "Léa", "2011-05-01", 6),
            csv_row("MENARD", "zoe", "01/03/2011", 4),
        ]
    )
    assert post_csv(admin, centre, text).status_code == 201
    session = new_session(admin)
    enrol(admin, session["id"], "Durand", "Léa", "2011-05-01")
    position = enrol(admin, session["id"], "Ménard", "Zoé", "2011-03-01")
    before = admin.get(f"/sessions/{session['id']}/eligibility?after={position}").json()
    assert (before["certifiable"], before["rule_version"]) == (1, 1)
    assert before["not_yet_certifiable"][0]["reason"].startswith("4 competence(s)")

    ops = operator(http)
    problem_of(admin.post("/eligibility-rule/preview", {"min_competences": 4}), 403)
    preview = ops.post("/eligibility-rule/preview", {"min_competences": 4}).json()
    assert preview["changed"] == 1
    assert preview["centres"][0]["sessions"][0]["candidates"][0]["last_name"] == "Ménard"
    assert admin.get(f"/sessions/{session['id']}/eligibility").json()["certifiable"] == 1

    change = {"min_competences": 4, "effective_from": "2026-09-01", "reason": "Rentrée 2026"}
    answer = ops.put("/eligibility-rule", change)
    assert answer.json()["in_force"]["version"] == 2
    after = admin.get(
        f"/sessions/{session['id']}/eligibility?after={answer.headers['Certif-Position']}"
    )
    assert (after.json()["certifiable"], after.json()["rule_version"]) == (2, 2)
    status = {s["name"]: s for s in admin.get("/projections").json()}
    assert status["eligibility"]["rule_version"] == 2
    assert status["eligibility"]["generation"] == 2
    assert status["eligibility"]["rebuild"] is None  # switched: no rebuild under way


def test_the_read_models_answer_the_preparation_questions(admin: ApiClient) -> None:
    centre = admin.get("/me").json()["centre_ids"][0]
    session = new_session(admin)
    enrol(admin, session["id"], "Ménard", "Zoé", "2011-03-01")
    position = enrol(admin, session["id"], "Durand", "Léa", "2011-05-01")
    sheet = admin.get(f"/sessions/{session['id']}/attendance-sheet?after={position}").json()
    assert [r["last_name"] for r in sheet["rows"]] == ["Durand", "Ménard"]
    assert sheet["rows"][0]["birthdate"] == "01/05/2011"
    assert "results_email" not in sheet["rows"][0]
    overview = admin.get(f"/centres/{centre}/overview?after={position}").json()
    assert (overview[0]["enrolled"], overview[0]["not_yet_certifiable"]) == (2, 2)
    steps = {
        s["step"]: s["done"]
        for s in admin.get(f"/sessions/{session['id']}/readiness?after={position}").json()["steps"]
    }
    assert steps == {
        "candidates_enrolled": True,
        "all_certifiable": False,
        "invigilators_named": False,
        "attendance_sheet_downloaded": False,
        "convocations_sent": False,
    }
    named = admin.put(f"/sessions/{session['id']}/invigilators", {"names": ["Mme Lemoine"]})
    ready = admin.get(
        f"/sessions/{session['id']}/readiness?after={named.headers['Certif-Position']}"
    ).json()
    invigilators = next(s for s in ready["steps"] if s["step"] == "invigilators_named")
    assert invigilators == {
        "step": "invigilators_named",
        "done": True,
        "detail": "1 named, 1 needed",
    }


def test_waiting_for_a_position_not_reached_answers_503(http: TestClient, admin: ApiClient) -> None:
    http.app.state.service.projector.stop()  # type: ignore[attr-defined]
    session = new_session(admin)
    position = enrol(admin, session["id"], "Durand", "Léa", "2011-05-01")
    answer = admin.get(f"/sessions/{session['id']}/eligibility?after={position}")
    assert problem_of(answer, 503)["rule"] == "read-model-behind"
    assert answer.headers["Retry-After"] == "1"


def test_recording_a_profile_answers_its_version_and_position(admin: ApiClient) -> None:
    centre = admin.get("/me").json()["centre_ids"][0]
    body = {
        "last_name": "Durand",
        "first_name": "Léa",
        "birthdate": "2011-05-01",
        "campaign": "Collecte 3e",
        "captured_at": "2026-10-01T10:00:00+02:00",
        "pix": {"1.1": 12},
    }
    first = admin.post(f"/centres/{centre}/profiles", body)
    assert first.status_code == 201, first.text
    assert first.headers["ETag"] == f'"{first.json()["version"]}"'
    assert first.headers["Certif-Position"] == str(first.json()["position"])
    again = admin.post(f"/centres/{centre}/profiles", body | {"campaign": "Collecte 2"})
    assert int(again.headers["Certif-Position"]) > int(first.headers["Certif-Position"])
