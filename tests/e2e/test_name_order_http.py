"""Every list of a session's candidates is in the attendance sheet's order:
the candidates' list, the sheet, the eligibility view, the invigilator's
workspace, the finalisation form and the history, all from one rule."""

from __future__ import annotations

import ast
from pathlib import Path

from fastapi.testclient import TestClient

from tests.e2e.client import ApiClient
from tests.e2e.test_http_tour import new_session
from tests.e2e.test_session_day_http import invigilator
from tests.unit.test_name_order import NAMES

ORDER = ["Çelik", "dupont", "Dupont", "Østergaard", "Zola"]
ROOT = Path(__file__).resolve().parents[2]


def test_every_list_of_candidates_is_in_the_sheets_order(
    http: TestClient, admin: ApiClient
) -> None:
    session = new_session(admin)
    sid = session["id"]
    for last, first in NAMES:
        body = {"last_name": last, "first_name": first, "birthdate": "2011-05-01"}
        added = admin.post(f"/sessions/{sid}/candidates", body)
        assert added.status_code == 201, added.text
    after = f"?after={added.headers['Certif-Position']}"
    listed = admin.get(f"/sessions/{sid}/candidates").json()
    items = listed["items"] if isinstance(listed, dict) else listed
    assert [c["last_name"] for c in items] == ORDER
    sheet = admin.get(f"/sessions/{sid}/attendance-sheet{after}").json()
    assert [r["last_name"] for r in sheet["rows"]] == ORDER
    eligibility = admin.get(f"/sessions/{sid}/eligibility{after}").json()
    assert [c["last_name"] for c in eligibility["not_yet_certifiable"]] == ORDER
    history = admin.get(f"/sessions/{sid}/history?version={len(NAMES) + 1}").json()
    assert [c["last_name"] for c in history["candidates"]] == ORDER
    room = invigilator(http, session)
    workspace = room.get(f"/invigilation/session{after}").json()
    assert [c["last_name"] for c in workspace["candidates"]] == ORDER


def test_no_module_sorts_names_by_a_rule_of_its_own() -> None:
    """A sort whose key reads a last name calls the one order (name_order or
    by_name), never casefold or the bare name."""
    offenders = []
    for folder in ("domain", "application", "projections", "adapters"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                called = node.func
                name = (
                    called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
                )
                if name not in {"sorted", "sort"}:
                    continue
                for keyword in node.keywords:
                    text = ast.unparse(keyword.value)
                    if keyword.arg == "key" and "last_name" in text and "name_order" not in text:
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text}")
    assert not offenders, offenders
