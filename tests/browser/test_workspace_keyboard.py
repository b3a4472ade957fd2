"""The invigilator's workspace with the keyboard alone: Tab, Enter and typing,
never a click. The change is announced to screen readers, and focus stays on
something usable when htmx swaps the list (never lost to the page's body)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from tests.browser.conftest import NewPage
from tests.browser.pages import TABLET, local_only
from tests.browser.server import LiveServer
from tests.pages.after_world import ok
from tests.pages.day_world import Day, prepared_day

MOST_TABS = 40
REFRESH = 8_000  # ms: the list asks again every 5 s


def focused(page: Page) -> str:
    """The focused element as 'tag#id', 'body' when focus is lost."""
    found: str = page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') : 'none'; }"
    )
    return found


def tab_to(page: Page, wanted: str) -> int:
    """Presses Tab until focus is on `wanted` ('tag#id'); answers how many presses."""
    for presses in range(1, MOST_TABS + 1):
        page.keyboard.press("Tab")
        if focused(page) == wanted:
            return presses
    pytest.fail(f"{wanted} is not reached with {MOST_TABS} presses of Tab")


def a_pupil_joins(day: Day, last: str, first: str, born: str) -> None:
    body = {
        "access_code": day.code,
        "last_name": last,
        "first_name": first,
        "birthdate": born,
        "pupil_account": f"ent-{last.lower()}",
    }
    ok(day.http.post("/api/v1/join", json=body))


@pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
def test_the_invigilator_confirms_a_presence_with_the_keyboard_alone(
    live_server: LiveServer, new_page: NewPage
) -> None:
    day = prepared_day(TestClient(live_server.api, follow_redirects=False))
    a_pupil_joins(day, "Martin", "José", "2011-05-01")
    a_pupil_joins(day, "Dupont", "Léa", "2011-06-02")
    martin = day.ids["Martin"]
    page = new_page(TABLET)
    page.set_default_timeout(10_000)
    refused = local_only(page)

    page.goto(f"{live_server.base_url}/surveillance")
    tab_to(page, "input#f-session_number")
    page.keyboard.type(str(day.number))
    tab_to(page, "input#f-password")
    page.keyboard.type(day.session["invigilator_password"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Session n°{day.number}")

    tab_to(page, "input#f-q")
    page.keyboard.type("Mart")
    caption = page.locator("#liste-titre")
    expect(caption).to_contain_text("1 candidat sur 4 pour « Mart »", timeout=10_000)
    assert focused(page) == "input#f-q"  # the list swapped beside the field, not over it

    tab_to(page, f"button#presence-{martin}")
    page.keyboard.press("Enter")
    announced = page.get_by_role("status").filter(has_text="Présence de Martin José confirmée.")
    expect(announced).to_have_attribute("aria-live", "polite")
    expect(page.locator("#annonces")).to_have_text("Présence de Martin José confirmée.")
    row = page.get_by_role("row", name=re.compile("Martin José"))
    expect(row).to_contain_text("Présent")
    assert focused(page) == f"th#c-{martin}"  # the pupil just acted upon, not the body

    tab_to(page, f"a#detache-{martin}")  # the next action of that row, by keyboard again
    with page.expect_response(re.compile(r"/surveillance/session/liste\?"), timeout=REFRESH):
        pass  # the list refreshes by itself meanwhile
    expect(row).to_contain_text("Présent")
    assert focused(page) == f"a#detache-{martin}"
    page.keyboard.press("Enter")  # a link: the page that asks before detaching
    expect(page.get_by_role("heading", level=1)).to_have_text("Détacher le compte élève")
    assert refused == []
