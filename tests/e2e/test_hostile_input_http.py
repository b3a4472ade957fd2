"""Hostile input is refused with a 422 that says where, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.e2e.client import ApiClient, problem_of
from tests.e2e.test_eligibility_http import HEADER, csv_row
from tests.e2e.test_http_tour import new_session

UNSAFE = ["\x00", "\x1b[31m", "\x07", "\x85", "\u202e", "\u2066"]


def bulk(admin: ApiClient, text: str) -> dict[str, object]:
    centre = admin.get("/me").json()["centre_ids"][0]
    answer = admin.http.post(
        f"/api/v1/centres/{centre}/profiles/bulk",
        content=text.encode(),
        headers=admin.headers(None) | {"Content-Type": "text/csv"},
    )
    return problem_of(answer, 422)


def test_a_huge_csv_field_or_a_bare_carriage_return_names_its_row(admin: ApiClient) -> None:
    good = csv_row("Durand", "Léa", "2011-05-01", 6)
    huge = bulk(admin, "\n".join([HEADER, good, csv_row("x" * 200_000, "Zoé", "2011-05-01", 5)]))
    assert huge["errors"] == [{"row": 3, "field": None, "message": huge["errors"][0]["message"]}]
    bare = bulk(admin, "\n".join([HEADER, good, "Mé\rnard;Zoé;2011-05-01;C;2026-10-01"]))
    assert bare["errors"][0]["row"] == 3


@pytest.mark.parametrize("character", UNSAFE)
def test_control_characters_in_names_and_texts_are_refused(
    http: TestClient, admin: ApiClient, character: str
) -> None:
    session = new_session(admin)
    pupil = {"last_name": f"Du{character}rand", "first_name": "Léa", "birthdate": "2011-05-01"}
    named = problem_of(admin.post(f"/sessions/{session['id']}/candidates", pupil), 422)
    assert (named["rule"], named["field"]) == ("control-character", "last_name")
    texts = problem_of(
        admin.patch(f"/sessions/{session['id']}", {"observations": f"ok{character}"}), 422
    )
    assert texts["field"] == "observations"
    lines = admin.patch(f"/sessions/{session['id']}", {"observations": "line 1\nline 2\tend"})
    assert lines.status_code == 200, lines.text
    csv_fault = bulk(admin, "\n".join([HEADER, csv_row(f"A{character}b", "Léa", "2011-05-01", 6)]))
    assert csv_fault["errors"][0]["field"] == "last_name"
