"""The invigilator's workspace: cancelling a presence confirmed by mistake,
through its form or htmx, until the pupil starts."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from tests.pages.day_world import Day, prepared_day
from tests.pages.test_invigilator_pages import row_of

CANCEL_BUTTON = 'Annuler la présence<span class="visually-hidden"> : {name}</span>'


def state_of(day: Day, last: str) -> str:
    """The candidate's state in the workspace's read model, as the API answers it."""
    found = [c for c in day.room_view()["candidates"] if c["candidate_id"] == day.ids[last]]
    return str(found[0]["state"])


def test_a_confirmed_presence_is_cancelled_and_the_candidate_waits_again(
    http: TestClient,
) -> None:
    day = prepared_day(http)
    room, pupil = day.room(), day.pupil("Martin")
    martin = f"/surveillance/session/candidats/{day.ids['Martin']}"
    before = room.get("/surveillance/session", after=day.position())
    assert f'action="{martin}/annulation"' not in before.text  # nothing to cancel yet
    room.post(f"{martin}/presence")
    confirmed = row_of(day, room.get("/surveillance/session", after=day.position()).text, "Martin")
    assert f'<form method="post" action="{martin}/annulation" class="inline"' in confirmed
    assert CANCEL_BUTTON.format(name="Martin José") in confirmed

    cancelled = room.post(f"{martin}/annulation")
    assert cancelled.status_code == 303
    shown = room.get(cancelled.headers["location"])
    assert '<p class="notice" role="status">Présence de Martin José annulée.</p>' in shown.text
    row = row_of(day, shown.text, "Martin")
    assert "Connecté, présence à confirmer" in row
    assert f'action="{martin}/presence"' in row
    assert f'action="{martin}/annulation"' not in row
    assert "<strong>0</strong> présent" in shown.text
    assert state_of(day, "Martin") == "joined"
    assert pupil.post("/epreuve/test/debut").status_code == 409  # not authorised any more

    room.post(f"{martin}/presence")
    assert pupil.post("/epreuve/test/debut").status_code == 303
    started = row_of(day, room.get("/surveillance/session", after=day.position()).text, "Martin")
    assert f'action="{martin}/annulation"' not in started
    spent = room.post(f"{martin}/annulation")
    assert spent.status_code == 409
    assert (
        "Il n'y a pas de présence à annuler : elle n'est pas confirmée, ou le candidat a déjà "
        "commencé (ou repris) son test avec elle." in html.unescape(spent.text)
    )
    assert state_of(day, "Martin") == "in_test"


def test_htmx_cancels_in_place_and_the_live_region_says_so(http: TestClient) -> None:
    day = prepared_day(http)
    room = day.room()
    day.pupil("Dupont")
    dupont = f"/surveillance/session/candidats/{day.ids['Dupont']}"
    room.post(f"{dupont}/presence")
    headers = {"HX-Request": "true", "X-CSRF-Token": room.csrf()}
    answer = room.http.post(f"{dupont}/annulation", data={"q": "lea"}, headers=headers)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/surveillance/session/liste?")
    swapped = room.http.get(answer.headers["location"], headers={"HX-Request": "true"})
    live = swapped.text[swapped.text.index('<div id="annonces" hx-swap-oob="innerHTML">') :]
    assert "<p>Présence de Dupont Léa annulée.</p>" in live
    assert f'hx-post="{dupont}/presence"' in swapped.text
    assert "<h1>" not in swapped.text
    refused = room.http.post(f"{dupont}/annulation", headers=headers)
    assert refused.status_code == 200  # htmx swaps the list with the refusal said in it
    assert "Il n&#39;y a pas de présence à annuler" in refused.text


def test_another_tablet_hears_that_the_presence_was_cancelled(http: TestClient) -> None:
    day = prepared_day(http)
    room, other_tablet = day.room(), day.room()
    day.pupil("Zola")
    zola = f"/surveillance/session/candidats/{day.ids['Zola']}"
    room.post(f"{zola}/presence")
    first = other_tablet.get("/surveillance/session/liste", after=day.position())
    state = re.search(r'id="etat" name="etat" value="([^"]*)"', first.text)
    assert state is not None
    room.post(f"{zola}/annulation")
    refreshed = other_tablet.get(
        "/surveillance/session/liste", after=day.position(), etat=state.group(1)
    )
    assert "Présence de Zola Émile annulée." in refreshed.text
    assert "Zola Émile a rejoint la session." not in refreshed.text


def test_cancelling_refuses_a_missing_csrf_token_and_changes_nothing(http: TestClient) -> None:
    day = prepared_day(http)
    room = day.room()
    day.pupil("Martin")
    martin = f"/surveillance/session/candidats/{day.ids['Martin']}"
    room.post(f"{martin}/presence")
    forged = room.http.post(f"{martin}/annulation", data={"csrf": "forged"})
    assert forged.status_code == 403
    assert "Formulaire expiré" in forged.text
    assert state_of(day, "Martin") == "authorised"
