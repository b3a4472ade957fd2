"""The API lists a session's candidates in the attendance sheet's order."""

from __future__ import annotations

from tests.e2e.client import ApiClient
from tests.e2e.test_http_tour import new_session
from tests.unit.test_name_order import NAMES


def test_the_apis_candidates_list_is_in_the_sheets_order(admin: ApiClient) -> None:
    session = new_session(admin)
    for last, first in NAMES:
        body = {"last_name": last, "first_name": first, "birthdate": "2011-05-01"}
        assert admin.post(f"/sessions/{session['id']}/candidates", body).status_code == 201
    listed = admin.get(f"/sessions/{session['id']}/candidates").json()
    items = listed["items"] if isinstance(listed, dict) else listed
    assert [c["last_name"] for c in items] == ["Çelik", "dupont", "Dupont", "Østergaard", "Zola"]
