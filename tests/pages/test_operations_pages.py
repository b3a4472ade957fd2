"""Operators: the eligibility rule (versions, preview, change) and the read models' state."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.pages.after_world import a_day, application, browser_of, errors_of, staff

CHANGE = {"min_competences": "7", "min_level": "1", "effective_from": "2026-11-27"}


def test_the_rule_page_lists_the_versions_and_which_is_in_force(
    http: TestClient, clock: FakeClock
) -> None:
    page = staff(http, "operator").get("/operations/regles")
    assert page.status_code == 200, page.text
    assert "Règles d'éligibilité</h1>" in page.text
    assert "Au moins 5 compétences au niveau 1 ou plus" in page.text
    assert page.text.count("En vigueur</span>") == 1
    assert "Règle du guide de certification" in page.text
    assert 'action="/operations/regles"' in page.text


def test_a_preview_lists_by_centre_the_candidates_who_would_change(
    http: TestClient, clock: FakeClock
) -> None:
    day = a_day(http, clock)
    operator = staff(http, "operator")
    page = operator.get("/operations/regles", min_competences="7", min_level="1")
    assert page.status_code == 200, page.text
    assert "Aperçu : 3 candidats changeraient d'éligibilité" in page.text
    assert "<h3>Collège Jean Moulin</h3>" in page.text
    assert page.text.count(f"Session n°{day.number}") == 3
    assert "Durand Léa" in page.text
    assert page.text.count("Pas certifiable</span> (6 compétences)") == 3
    assert "Appliquer la nouvelle règle" in page.text
    nobody = operator.get("/operations/regles", min_competences="5", min_level="1")
    assert "Aperçu : 0 candidat changerait" in nobody.text


def test_a_preview_of_an_impossible_rule_says_why_beside_its_field(
    http: TestClient, clock: FakeClock
) -> None:
    operator = staff(http, "operator")
    words = operator.get("/operations/regles", min_competences="sept")
    assert words.status_code == 422
    assert errors_of(words) == {"min_competences": "Un nombre entier est attendu."}
    too_many = operator.get("/operations/regles", min_competences="20", min_level="1")
    assert too_many.status_code == 422
    assert errors_of(too_many) == {"min_competences": "Le seuil va de 1 à 16 compétences."}
    assert "Aperçu" not in too_many.text


def test_applying_a_rule_needs_a_reason_then_records_a_new_version(
    http: TestClient, clock: FakeClock
) -> None:
    operator = staff(http, "operator")
    refused = operator.post("/operations/regles", CHANGE | {"reason": " "})
    assert refused.status_code == 422
    assert errors_of(refused) == {"reason": "Dites pourquoi la règle change."}
    assert 'value="2026-11-27"' in refused.text
    assert len(application(http).rule_history()[1]) == 1
    undated = operator.post("/operations/regles", CHANGE | {"effective_from": "", "reason": "x"})
    assert set(errors_of(undated)) == {"effective_from"}
    changed = operator.post("/operations/regles", CHANGE | {"reason": "Référentiel 2027"})
    assert changed.status_code == 303
    assert changed.headers["location"] == "/operations/regles?fait=regle"
    page = operator.get(changed.headers["location"])
    assert "La nouvelle version de la règle est enregistrée" in page.text
    assert "Référentiel 2027" in page.text
    assert "Olga Opératrice" in page.text
    assert "Règle du guide de certification" in page.text  # the first version, once more
    number, versions = application(http).rule_history()
    assert [v.rule.min_competences for v in versions] == [5, 7]
    assert number == 1  # in force from tomorrow


def test_the_rule_form_refuses_a_missing_csrf_token(http: TestClient, clock: FakeClock) -> None:
    operator = staff(http, "operator")
    body = CHANGE | {"reason": "Référentiel 2027", "csrf": "forged"}
    forged = operator.http.post("/operations/regles", data=body)
    assert forged.status_code == 403
    assert "Formulaire expiré" in forged.text
    assert len(application(http).rule_history()[1]) == 1


def test_only_operators_see_the_rules_and_the_views(http: TestClient, clock: FakeClock) -> None:
    a_day(http, clock)
    admin = browser_of(http)
    for path in ("/operations/regles", "/operations/vues"):
        refused = admin.get(path)
        assert refused.status_code == 403
        assert "Votre rôle ne permet pas cette action." in refused.text
    assert admin.post("/operations/regles", CHANGE | {"reason": "x"}).status_code == 403
    assert staff(http, "reviewer").get("/operations/regles").status_code == 403
    assert staff(http, "auditor").get("/operations/vues").status_code == 403
    assert len(application(http).rule_history()[1]) == 1


def test_the_views_page_shows_each_read_models_position_and_lag_and_refreshes(
    http: TestClient, clock: FakeClock
) -> None:
    a_day(http, clock)
    operator = staff(http, "operator")
    page = operator.get("/operations/vues")
    assert page.status_code == 200, page.text
    head = application(http).position()
    assert f"position {head}." in page.text
    for label in (
        "Éligibilité des candidats",
        "Historique des sessions",
        "Chaîne d&#39;empreintes",
    ):
        assert label in page.text
    assert 'hx-trigger="every 5s"' in page.text
    fragment = operator.http.get("/operations/vues", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<div id="etat-vues"')
    assert "<html" not in fragment.text


def test_a_rebuild_in_progress_shows_its_generation(http: TestClient, clock: FakeClock) -> None:
    a_day(http, clock)
    service = http.app.state.service  # type: ignore[attr-defined]
    service.runner.wait_for(application(http).position(), 30)
    service.projector.stop()  # so that the rebuild asked for below stays under way
    store = service.views
    active = next(g for g in store.generations("audit") if g.active)
    store.create_generation("audit", active.number + 1, active.rule_version, active.code_version)
    page = staff(http, "operator").get("/operations/vues")
    assert f"Génération {active.number + 1} :" in page.text
    assert "<progress" in page.text
