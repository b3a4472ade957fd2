"""The invigilator ratio is a setting, not a constant."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.persistence.settings import Settings
from adapters.wiring import build_service
from application.app import CertificationApp
from domain import errors
from domain.actors import invigilator_actor
from tests.builders import pupil, school


def test_a_stricter_ratio_from_the_settings_refuses_to_start(
    app: CertificationApp, settings: Settings
) -> None:
    service = build_service(
        settings.model_copy(update={"pupils_per_invigilator": 10}), app=app, embedded=False
    )
    close = getattr(service.views, "close", None)
    if close is not None:
        close()  # only the application is used here
    s = school(app)
    for n in range(11):
        app.add_candidate(s.admin, s.session, pupil(f"Élève{n}", "Zoé", date(2011, 1, 1 + n)))
    app.name_invigilators(s.admin, s.session, ["M. Benali"])
    with pytest.raises(errors.NotEnoughInvigilators, match="2 invigilator"):
        app.start_session(invigilator_actor(s.session), s.session)
    assert service.app.pupils_per_invigilator == 10
