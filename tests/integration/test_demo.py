"""The demo data set: a realistic collège, loaded once."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo
from application.app import CertificationApp
from domain import errors


def test_the_demo_is_a_college_with_three_sessions_and_sixty_pupils(app: CertificationApp) -> None:
    summary = load_demo(app, date(2026, 11, 26))
    admin = app.authenticate(DEMO_EMAIL, DEMO_PASSWORD)
    pupils = [c for s in summary.session_ids for c in app.list_candidates(admin, s)]
    assert (len(summary.session_ids), len(pupils)) == (3, 60)
    assert any(not name.isascii() for name in (p.last_name + p.first_name for p in pupils))
    sessions = [app.get_session(admin, s) for s in summary.session_ids]
    assert all(date(2027, 3, 8) <= s.date <= date(2027, 5, 20) for s in sessions)
    with pytest.raises(errors.EmailTaken):
        load_demo(app, date(2026, 11, 26))
