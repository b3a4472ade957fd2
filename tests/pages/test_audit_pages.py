"""The audit pages: a session's timeline, the session as it stood at a moment, the chain."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from adapters.web.routes import audit
from projections import chain
from tests.conftest import FakeClock
from tests.e2e.conftest import centre_with_admin
from tests.pages.after_world import Day, a_day, browser_of, errors_of, ok, staff
from tests.pages.client import PageClient

POSTS = re.compile(r'<form method="post" action="([^"]+)"')


def rows(page: str) -> list[list[str]]:
    """The cells of each body row of the page's table, tags left out."""
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_timeline_says_when_who_and_what_in_french(http: TestClient, clock: FakeClock) -> None:
    day = a_day(http, clock)
    auditor = staff(http, "auditor")
    page = auditor.get(f"/audit/sessions/{day.number}")
    assert page.status_code == 200, page.text
    assert f"Historique de la session n°{day.number}" in page.text
    found = rows(page.text)
    assert found[0][:2] == ["26/11/2026 10:00", "Claire Rousseau"]  # 09:00 UTC, in Paris
    said = [row[2] for row in found]
    assert "Inscription à la session : Léa Durand" in said
    assert ["26/11/2026 11:00", "Claire Rousseau"] in [row[:2] for row in found]
    assert any(row[3] == "Léa Durand" for row in found)
    assert POSTS.findall(page.text) == ["/deconnexion"]  # an auditor reads, changes nothing


def test_erased_personal_data_reads_as_erased(http: TestClient, clock: FakeClock) -> None:
    day = a_day(http, clock)
    erased = day.admin.post(
        f"/sessions/{day.id}/candidates/{day.ids['Durand']}/erasure",
        {"reason": "Demande de la famille"},
    )
    ok(erased)
    page = staff(http, "auditor").get(f"/audit/sessions/{day.id}")
    assert page.status_code == 200
    assert "Léa" not in page.text
    assert "[effacé]" in page.text
    assert "Hugo Martin" in page.text
    then = staff(http, "auditor").get(f"/audit/sessions/{day.id}/etat", a="2026-11-26T12:30")
    assert "[effacé]" in then.text
    assert "Léa" not in then.text


def test_the_session_as_it_stood_at_a_moment_of_the_centres_clock(
    http: TestClient, clock: FakeClock
) -> None:
    day = a_day(http, clock)
    auditor = staff(http, "auditor")
    path = f"/audit/sessions/{day.id}/etat"
    picker = auditor.get(path)
    assert picker.status_code == 200
    assert 'type="datetime-local"' in picker.text
    assert 'value="2026-11-26T13:00"' in picker.text  # now, on the centre's clock
    before_anyone = auditor.get(path, a="2026-11-26T10:30")  # created, nobody enrolled
    assert "Aucun candidat inscrit à ce moment." in before_anyone.text
    enrolled = auditor.get(path, a="2026-11-26T11:30")
    assert enrolled.status_code == 200
    assert "État le 26/11/2026 11:30" in enrolled.text
    assert [row[0] for row in rows(enrolled.text)] == ["Durand", "Martin", "Petit"]
    assert {row[4] for row in rows(enrolled.text)} == {"Inscrit"}
    assert "Créée" in enrolled.text
    during = auditor.get(path, a="2026-11-26T12:30")
    assert [row[4] for row in rows(during.text)] == [
        "Test terminé",
        "Test terminé",
        "Test en cours",
    ]
    assert "En cours" in during.text


def test_a_moment_the_replay_cannot_show_is_said_beside_the_picker(
    http: TestClient, clock: FakeClock
) -> None:
    day = a_day(http, clock)
    auditor = staff(http, "auditor")
    path = f"/audit/sessions/{day.id}/etat"
    early = auditor.get(path, a="2026-11-26T09:59")
    assert early.status_code == 422
    assert errors_of(early) == {
        "a": "La session n'existait pas encore : elle a été créée le 26/11/2026 10:00."
    }
    garbled = auditor.get(path, a="hier matin")
    assert garbled.status_code == 422
    assert errors_of(garbled) == {"a": "Choisissez une date et une heure (jj/mm/aaaa hh:mm)."}
    assert 'value="hier matin"' in garbled.text


def access(browser: PageClient, day: Day) -> list[int]:
    return [
        browser.get(f"/audit/sessions/{day.id}").status_code,
        browser.get(f"/audit/sessions/{day.id}/etat", a="2026-11-26T11:30").status_code,
    ]


def test_a_centre_reads_its_own_sessions_audit_and_no_other(
    http: TestClient, clock: FakeClock
) -> None:
    day = a_day(http, clock)
    assert access(browser_of(http), day) == [200, 200]
    centre_with_admin(http, "0750002V", "other@lycee.fr")
    other = PageClient(http).sign_in("other@lycee.fr", "sable-quartz-17")
    assert access(other, day) == [404, 404]
    assert "Page introuvable" in other.get(f"/audit/sessions/{day.id}").text
    assert access(staff(http, "reviewer"), day) == [200, 200]


def test_the_chain_check_runs_on_demand_and_says_its_verdict_in_french(
    http: TestClient, clock: FakeClock
) -> None:
    day = a_day(http, clock)
    ok(
        day.admin.post(
            f"/sessions/{day.id}/candidates/{day.ids['Martin']}/erasure",
            {"reason": "Demande de la famille"},
        )
    )
    auditor = staff(http, "auditor")
    page = auditor.get("/audit/chaine")
    assert page.status_code == 200
    assert "Lancer la vérification" in page.text
    assert "Chaîne intacte" not in page.text
    checked = auditor.get("/audit/chaine", lancer="1")
    assert checked.status_code == 200, checked.text
    assert '<h2 id="verdict">Chaîne intacte</h2>' in checked.text
    assert re.search(r"\d+ événement\(s\) vérifié\(s\), aucun n&#39;a été modifié", checked.text)
    assert re.search(
        r"\d+ événements portent des données personnelles effacées \(1 candidat\)", checked.text
    )


def test_only_auditors_and_operators_check_the_chain(http: TestClient, clock: FakeClock) -> None:
    a_day(http, clock)
    assert staff(http, "operator").get("/audit/chaine", lancer="1").status_code == 200
    for browser in (staff(http, "reviewer"), browser_of(http)):
        refused = browser.get("/audit/chaine", lancer="1")
        assert refused.status_code == 403
        assert "Votre rôle ne permet pas cette action." in refused.text


def test_a_broken_chain_is_said_in_french_with_its_position() -> None:
    problem = chain.Problem(
        42,
        "0f1e2d3c-aaaa",
        3,
        "certif:Session.SessionFinalised",
        chain.ALTERED,
        "its stored bytes differ from those chained",
    )
    verdict = chain.Verdict("whole store", 41, 0, 57, "ab" * 32, problem)
    said = audit.verdict_text(verdict)
    assert said == {
        "heading": "Chaîne rompue à la position 42",
        "text": "À la position 42, un événement chaîné a été modifié (version 3 de 0f1e2d3c).",
    }
    intact = chain.Verdict("whole store", 57, 2, 57, "ab" * 32, None)
    assert audit.verdict_text(intact)["text"] == (
        "57 événement(s) vérifié(s), aucun n'a été modifié, supprimé ni déplacé ; "
        "2 événement(s) pas encore chaîné(s)."
    )
