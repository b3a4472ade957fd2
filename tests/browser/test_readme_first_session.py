"""The README's "first session in the browser": its commands run as written
against `certif serve`, then each account they open signs in from Chromium and
lands on its own home page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import DESKTOP, check_accessibility, local_only
from tests.e2e.live import ROOT, run_readme_script, server_env, serving

ACCOUNTS = re.compile(
    r"<!-- browser-accounts -->\n```bash\n(.*?)```\n<!-- /browser-accounts -->", re.DOTALL
)
# who signs in, with the README's password, and what their home page says
EXPECTED = [
    ("direction@college-victor-hugo.fr", "cahier-rouge-42", "administrateur de centre"),
    ("operations@certif.example", "operations-1", "opérateur de la plateforme"),
    ("relecture@certif.example", "relecture-2026", "examinateur des sessions"),
    ("audit@certif.example", "registre-audit-7", "auditeur"),
]


def test_the_readme_accounts_sign_in_from_the_browser(
    tmp_path: Path, new_page: Callable[[tuple[int, int]], Page]
) -> None:
    found = ACCOUNTS.findall((ROOT / "README.md").read_text())
    assert len(found) == 1, "the README's browser walk-through lost its commands"
    env = server_env(tmp_path)
    with serving(env) as base:
        run_readme_script(found[0], base, env, ROOT)
        for email, password, role in EXPECTED:
            page = new_page(DESKTOP)
            refused = local_only(page)
            page.goto(f"{base}/")
            expect(page).to_have_url(f"{base}/connexion")
            page.get_by_label("Adresse électronique").fill(email)
            page.get_by_label("Mot de passe").fill(password)
            page.get_by_role("button", name="Se connecter").click()
            expect(page).to_have_url(f"{base}/accueil")
            expect(page.get_by_text(f"Rôle : {role}")).to_be_visible()
            expect(page.get_by_role("link", name="Collège Victor Hugo")).to_be_visible()
            check_accessibility(page)
            page.get_by_role("button", name="Se déconnecter").click()
            expect(page).to_have_url(f"{base}/connexion")
            assert refused == []


@pytest.mark.parametrize("width", [1280, 768])
def test_the_sign_in_page_reads_at_laptop_and_tablet_widths(
    tmp_path: Path, new_page: Callable[[tuple[int, int]], Page], width: int
) -> None:
    env = server_env(tmp_path)
    with serving(env) as base:
        page = new_page((width, 900))
        page.goto(f"{base}/connexion")
        button = page.get_by_role("button", name="Se connecter")
        box = button.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= width
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, "the page scrolls sideways"
