"""The OpenAPI document types every JSON answer, and the typed read models
answer every field their read model holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from adapters.http.app import create_app
from adapters.persistence.settings import Settings
from domain.aggregates.rulebook import check_rule
from projections import queries
from projections.invigilation import finalisation_form, invigilator_view
from tests.e2e.client import ApiClient
from tests.e2e.conftest import centre_with_admin
from tests.e2e.test_eligibility_http import operator
from tests.e2e.test_session_day_http import PUPILS, invigilator, join, prepared

Schema = dict[str, Any]


def untyped_answers(document: Schema) -> list[str]:
    """Each 2xx JSON answer holding an object without properties (a bare
    ``dict``) or a schema that says nothing, as "METHOD path status: where"."""
    components = document.get("components", {}).get("schemas", {})
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation.get("responses", {}).items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if status.startswith("2") and schema is not None:
                    where = f"{method.upper()} {path} {status}"
                    found += [f"{where}: {spot}" for spot in bare(schema, components, "body")]
    return found


def bare(
    schema: Schema, components: Schema, where: str, seen: frozenset[str] = frozenset()
) -> list[str]:
    ref = schema.get("$ref")
    if ref is not None:
        name = ref.rsplit("/", 1)[-1]
        return [] if name in seen else bare(components[name], components, where, seen | {name})
    found = []
    for key in ("anyOf", "oneOf", "allOf"):
        for choice in schema.get(key, []):
            found += bare(choice, components, where, seen)
    if "items" in schema:
        found += bare(schema["items"], components, f"{where}[]", seen)
    for name, field in schema.get("properties", {}).items():
        found += bare(field, components, f"{where}.{name}", seen)
    values = schema.get("additionalProperties")
    if isinstance(values, dict) and values:  # a typed map: its values must be typed too
        found += bare(values, components, f"{where}{{}}", seen)
    elif schema.get("type") == "object" and not schema.get("properties"):
        found.append(where)
    elif not set(schema) - {"title", "description"}:
        found.append(f"{where} (any)")
    return found


def test_every_json_answer_is_typed(tmp_path: Path) -> None:
    api = create_app(Settings(database_url="memory://", data_dir=tmp_path))
    document = api.openapi()
    assert len(document["paths"]) > 40
    assert untyped_answers(document) == []


def test_an_untyped_answer_is_named_with_its_route() -> None:
    api = FastAPI()

    @api.get("/bare")
    def bare_route() -> dict[str, Any]:
        return {}

    @api.get("/nested")
    def nested_route() -> list[dict[str, list[dict[str, Any]]]]:
        return []

    @api.get("/typed")
    def typed_route() -> dict[str, int]:
        return {}

    assert untyped_answers(api.openapi()) == [
        "GET /bare 200: body",
        "GET /nested 200: body[]{}[]",
    ]


def key_paths(value: Any, where: str = "") -> set[str]:
    """Every key of a document, lists' items merged: ``rows[].last_name``."""
    if isinstance(value, dict):
        return {f"{where}.{k}" for k in value} | {
            p for k, v in value.items() for p in key_paths(v, f"{where}.{k}")
        }
    if isinstance(value, list):
        return {p for item in value for p in key_paths(item, f"{where}[]")}
    return set()


def a_day_with_everything(http: TestClient) -> dict[str, Any]:
    """Certifiable pupils and one without a profile; a started session with a
    completed test, an unfinished one, a fraud, an incident and a join refused."""
    centre_with_admin(http, "0691234S", "admin@college.fr")
    admin = ApiClient(http).sign_in("admin@college.fr", "sable-quartz-17")
    session, ids = prepared(admin)
    sid = session["id"]
    body = {"last_name": "Sansprofil", "first_name": "Léa", "birthdate": "2011-05-05"}
    ids["Sansprofil"] = admin.post(f"/sessions/{sid}/candidates", body).json()["id"]
    admin.put(f"/sessions/{sid}/invigilators", {"names": ["M. Benali", "Mme Lemoine"]})
    room = invigilator(http, session)
    assert room.post("/invigilation/start").status_code == 200
    done, stopped, _ = (join(http, session["access_code"], *p) for p in PUPILS[:3])
    for pupil, (last, _, _) in zip((done, stopped), PUPILS, strict=False):
        room.post(f"/invigilation/candidates/{ids[last]}/presence")
        assert pupil.post("/test/start").status_code == 200
    assert done.post("/test/complete").status_code == 200
    last, first, born = PUPILS[2]
    other = {"access_code": session["access_code"], "last_name": last, "first_name": first}
    other |= {"birthdate": born, "pupil_account": "ent-another"}
    assert http.post("/api/v1/join", json=other).status_code == 409
    incident = {"category": "C7", "candidate_id": ids[PUPILS[1][0]], "description": "Écran figé"}
    assert room.post("/invigilation/incidents", incident).status_code == 201
    fraud = {"candidate_id": ids[PUPILS[1][0]], "observed": "Téléphone", "witnesses": "M. Benali"}
    assert room.post("/invigilation/fraud-reports", fraud).status_code == 201
    return {"admin": admin, "room": room, "ops": operator(http), "session": session, "ids": ids}


@pytest.mark.parametrize("settings", ["memory"], indirect=True)
def test_the_typed_read_models_answer_every_field_of_their_documents(http: TestClient) -> None:
    day = a_day_with_everything(http)
    admin, room, ops = day["admin"], day["room"], day["ops"]
    sid, cid = day["session"]["id"], day["session"]["centre_id"]
    without, with_profile = day["ids"]["Sansprofil"], day["ids"][PUPILS[0][0]]
    after = f"?after={http.app.state.certification.position()}"  # type: ignore[attr-defined]
    answers = {
        "preview": ops.post(f"/eligibility-rule/preview{after}", {"min_competences": 7}),
        "centre": admin.get(f"/centres/{cid}/eligibility{after}"),
        "overview": admin.get(f"/centres/{cid}/overview{after}"),
        "session": admin.get(f"/sessions/{sid}/eligibility{after}"),
        "without": admin.get(f"/sessions/{sid}/candidates/{without}/eligibility{after}"),
        "with": admin.get(f"/sessions/{sid}/candidates/{with_profile}/eligibility{after}"),
        "sheet": admin.get(f"/sessions/{sid}/attendance-sheet{after}"),
        "readiness": admin.get(f"/sessions/{sid}/readiness{after}"),
        "workspace": room.get(f"/invigilation/session{after}"),
        "form": admin.get(f"/sessions/{sid}/finalisation-form{after}"),
    }
    views = http.app.state.service.views  # type: ignore[attr-defined]
    now = http.app.state.certification.now()  # type: ignore[attr-defined]
    documents = {
        "preview": queries.preview_rule(views, check_rule(7, 1)),
        "centre": queries.centre_eligibility(views, cid),
        "overview": queries.session_overview(views, cid),
        "session": queries.session_eligibility(views, sid),
        "without": queries.candidate_eligibility(views, without),
        "with": queries.candidate_eligibility(views, with_profile),
        "sheet": queries.attendance_sheet(views, sid),
        "readiness": queries.readiness(views, sid),
        "workspace": invigilator_view(views, sid, now),
        "form": finalisation_form(views, sid),
    }
    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(answers, 200)
    assert ".centres[].sessions[].candidates[].positioned_then" in key_paths(documents["preview"])
    assert ".not_yet_certifiable[].capture" in key_paths(documents["session"])
    assert ".candidates[].another_account_tried" in key_paths(documents["workspace"])
    assert ".frauds[].measures" in key_paths(documents["form"])
    assert "[].not_yet_certifiable" in key_paths(documents["overview"])
    missing = {
        name: sorted(key_paths(documents[name]) - key_paths(answer.json()))
        for name, answer in answers.items()
    }
    assert missing == {name: [] for name in answers}
