"""Reviewers and auditors over HTTP: they read every centre alike and change nothing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from adapters.cli import cli
from adapters.persistence.settings import Settings
from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain.values import Role
from tests.e2e.client import ApiClient, problem_of
from tests.e2e.conftest import centre_with_admin
from tests.e2e.test_http_tour import new_session
from tests.e2e.test_session_day_http import admin_position

LEA = {"last_name": "Durand", "first_name": "Léa", "birthdate": "2011-05-01"}


def account(http: TestClient, email: str, role: Role) -> ApiClient:
    app: CertificationApp = http.app.state.certification  # type: ignore[attr-defined]
    app.open_account(SYSTEM_ACTOR, email, email.split("@")[0], "sable-quartz-97", role)
    return ApiClient(http).sign_in(email, "sable-quartz-97")


def test_reviewers_and_auditors_read_a_session_as_its_centre_does(
    http: TestClient, admin: ApiClient
) -> None:
    session = new_session(admin)
    sid, centre = session["id"], session["centre_id"]
    candidate = admin.post(f"/sessions/{sid}/candidates", LEA).json()["id"]
    position = int(
        admin.post(f"/sessions/{sid}/candidates", LEA | {"first_name": "Zoé"}).headers[
            "Certif-Position"
        ]
    )
    for role in (Role.REVIEWER, Role.AUDITOR):
        reader = account(http, f"{role.value}@certif.fr", role)
        for path in (
            f"/centres/{centre}",
            f"/centres/{centre}/sessions",
            f"/sessions/{sid}/candidates",
            f"/sessions/{sid}/candidates/{candidate}",
            f"/sessions/{sid}/attendance-sheet?after={position}",
            f"/sessions/{sid}/audit?after={position}",
            f"/sessions/{sid}/history?version=1",
        ):
            assert reader.get(path).status_code == 200, (role, path)
        problem_of(reader.post(f"/sessions/{sid}/candidates", LEA | {"first_name": "Noé"}), 403)
        problem_of(reader.patch(f"/sessions/{sid}", {"room": "CDI"}), 403)
        problem_of(reader.get(f"/sessions/{sid}/attendance-sheet.pdf?after={position}"), 403)
    assert len(admin.get(f"/sessions/{sid}/candidates").json()) == 2


@pytest.mark.parametrize("settings", ["sqlite", "postgres"], indirect=True)
def test_an_auditor_verifies_the_chain_over_http_as_the_command_line_does(
    http: TestClient, admin: ApiClient, settings: Settings
) -> None:
    """The command line opens the store again: it needs a database."""
    auditor = account(http, "audit@certif.fr", Role.AUDITOR)
    session = new_session(admin)
    position = int(
        admin.post(f"/sessions/{session['id']}/candidates", LEA).headers["Certif-Position"]
    )
    problem_of(admin.get(f"/verify?session={session['id']}"), 403)
    problem_of(auditor.get(f"/verify?session={session['id']}&centre={session['centre_id']}"), 422)
    env = {
        "CERTIF_DATABASE_URL": settings.database_url,
        "CERTIF_POSTGRES_SCHEMA": settings.postgres_schema,
        "CERTIF_DATA_DIR": str(settings.data_dir),
    }
    for query, option in [(f"session={session['id']}", ["--session", session["id"]]), ("", [])]:
        answer = auditor.get(f"/verify?after={position}&{query}")
        assert answer.status_code == 200, answer.text
        verdict = answer.json()
        printed = CliRunner().invoke(cli, ["verify", *option], env=env)
        assert printed.exit_code == 0, printed.output
        lines = [verdict["summary"], verdict["erased_summary"]]
        assert (verdict["intact"], lines) == (True, printed.output.strip().splitlines())
    unknown = "00000000-0000-4000-8000-000000000000"
    problem_of(auditor.get(f"/verify?session={unknown}"), 404)


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_create_auditor_opens_an_auditor_account(http: TestClient, settings: Settings) -> None:
    env = {
        "CERTIF_DATABASE_URL": settings.database_url,
        "CERTIF_DATA_DIR": str(settings.data_dir),
        "CERTIF_ARGON2_TIME_COST": "1",
        "CERTIF_ARGON2_MEMORY_KIB": "1024",
    }
    created = CliRunner().invoke(
        cli,
        [
            "create-auditor",
            "--email",
            "cour@comptes.fr",
            "--name",
            "Cour",
            "--password",
            "sable-quartz-77",
        ],
        env=env,
    )
    assert created.exit_code == 0, created.output
    assert created.output.startswith("auditor ")
    me = ApiClient(http).sign_in("cour@comptes.fr", "sable-quartz-77").get("/me").json()
    assert (me["role"], me["centre_ids"]) == ("auditor", [])


def test_an_invitation_answers_alike_and_waits_for_the_addressee(
    http: TestClient, admin: ApiClient
) -> None:
    centre = admin.get("/me").json()["centre_ids"][0]
    colleague = account(http, "cpe@college.fr", Role.ADMINISTRATOR)
    answers = [
        admin.post(f"/centres/{centre}/invitations", {"email": email})
        for email in ("cpe@college.fr", "nobody@college.fr")
    ]
    assert [a.status_code for a in answers] == [202, 202]
    first, second = (a.json() for a in answers)
    assert first | {"email": "…"} == second | {"email": "…"}  # only the address differs
    assert first["status"] == "invited"
    assert answers[0].headers.keys() == answers[1].headers.keys()
    problem_of(colleague.get(f"/centres/{centre}"), 404)
    assert admin.get(f"/centres/{centre}").json()["invited"] == [
        "cpe@college.fr",
        "nobody@college.fr",
    ]
    waiting = colleague.get("/me/invitations").json()
    assert [(i["centre_id"], i["centre_name"]) for i in waiting] == [
        (centre, "Collège Jean Moulin")
    ]
    accepted = colleague.post(f"/me/invitations/{centre}/acceptance")
    assert accepted.status_code == 200, accepted.text
    assert len(accepted.json()["administrator_ids"]) == 2
    assert colleague.get("/me").json()["centre_ids"] == [centre]
    assert admin.get(f"/centres/{centre}").json()["invited"] == ["nobody@college.fr"]
    problem_of(colleague.post(f"/me/invitations/{centre}/acceptance"), 404)
    newcomer = account(http, "nobody@college.fr", Role.ADMINISTRATOR)
    assert newcomer.delete(f"/me/invitations/{centre}").status_code == 204
    assert newcomer.get("/me/invitations").json() == []


def test_a_reviewer_invited_cannot_accept_and_only_operators_register_centres(
    http: TestClient, admin: ApiClient
) -> None:
    centre = admin.get("/me").json()["centre_ids"][0]
    reviewer = account(http, "relecture@certif.fr", Role.REVIEWER)
    assert (
        admin.post(f"/centres/{centre}/invitations", {"email": "relecture@certif.fr"}).status_code
        == 202
    )
    refused = problem_of(reviewer.post(f"/me/invitations/{centre}/acceptance"), 403)
    assert refused["rule"] == "role-cannot-administer-centres"
    problem_of(reviewer.post(f"/centres/{centre}/invitations", {"email": "x@college.fr"}), 403)
    body = {"name": "Lycée", "type": "SCO", "national_code": "0750009C"}
    for email in ("relecture@certif.fr", "nobody@nowhere.fr"):
        problem_of(admin.post("/centres", body | {"administrator_email": email}), 403)
    operator = account(http, "ops@certif.fr", Role.OPERATOR)
    created = operator.post("/centres", body | {"administrator_email": "cpe@lycee.fr"})
    assert created.status_code == 201, created.text
    assert created.json()["administrator_ids"] == []
    newcomer = account(http, "cpe@lycee.fr", Role.ADMINISTRATOR)
    assert newcomer.post(f"/me/invitations/{created.json()['id']}/acceptance").status_code == 200


def test_readers_find_every_centre_in_the_directory_and_administrators_do_not(
    http: TestClient, admin: ApiClient
) -> None:
    centre_with_admin(http, "0750002V", "direction@lycee.fr")
    position = admin_position(admin, "")
    auditor = account(http, "audit@certif.fr", Role.AUDITOR)
    found = auditor.get(f"/centres/directory?after={position}&page_size=1")
    assert found.status_code == 200, found.text
    page = found.json()
    assert (page["total"], len(page["items"])) == (2, 1)
    assert {"id", "name", "national_code"} == page["items"][0].keys()
    problem_of(admin.get("/centres/directory"), 403)
