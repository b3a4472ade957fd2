"""A generated season, on every store: its read models agree with what was
generated, its events replay, and the same seed writes the same season."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar
from uuid import UUID

from typer.testing import CliRunner

from adapters.cli import cli
from adapters.demo import LAST_NAMES
from adapters.persistence.settings import Settings
from adapters.season import SeasonGenerator
from adapters.season_plan import SeasonSummary
from adapters.security import Argon2Hasher
from adapters.wiring import build_service
from application.app import CertificationApp
from application.ports import SYSTEM_ACTOR
from domain.aggregates.candidate import Candidate
from domain.aggregates.session import Session, SessionStatus
from domain.identifiers import school_code
from projections import queries
from tests.integration.test_cli import env_for

A = TypeVar("A")


def test_a_generated_season_agrees_with_its_read_models(
    settings: Settings, app: CertificationApp
) -> None:
    summary = SeasonGenerator(app, seed=7).run(200)
    service = build_service(settings, app=app, embedded=False)
    try:
        service.runner.catch_up()
        views = service.views
        overviews = [queries.session_overview(views, str(c)) for c in summary.centre_ids]
        sessions = {UUID(s["id"]): s for overview in overviews for s in overview}
        assert len(sessions) == summary.sessions == len(summary.enrolled)
        assert {sid: s["enrolled"] for sid, s in sessions.items()} == summary.enrolled
        published = [s for s in sessions.values() if s["status"] == "published"]
        assert len(published) == summary.published > 0
        eligibility = [queries.session_eligibility(views, str(sid)) for sid in sessions]
        assert sum(e["enrolled"] for e in eligibility) == summary.candidates == 200
        assert sum(e["certifiable"] for e in eligibility) == summary.certifiable
        numbers = sorted(s["number"] for s in sessions.values())
        assert numbers == list(range(summary.first_number, summary.last_number + 1))
    finally:
        close = getattr(service.views, "close", None)
        if close is not None:
            close()


def test_a_generated_session_replays_from_its_events(app: CertificationApp) -> None:
    summary = SeasonGenerator(app, seed=11).run(60)
    replays = [replayed(app, session_id, Session) for session_id in summary.enrolled]
    session = next(s for s in replays if s.status is SessionStatus.PUBLISHED)
    assert len(session.roster) == summary.enrolled[session.id]
    centre = app.get_centre(SYSTEM_ACTOR, session.centre_id)
    assert school_code(centre.national_code) == centre.national_code
    assert centre.windows[0].contains(session.details.date)
    started = [replayed(app, UUID(h), Candidate) for h in session.started]
    assert started
    assert all(c.result is not None and c.session_id == session.id for c in started)
    candidate = started[0]
    assert candidate.personal.last_name in LAST_NAMES
    added = app.recorder.select_events(candidate.id, limit=1)[0]
    name = candidate.personal.last_name
    for form in (name.encode(), json.dumps(name).encode()[1:-1]):
        assert form not in added.state  # sealed with the candidate's key


def replayed(app: CertificationApp, aggregate_id: UUID, kind: type[A]) -> A:
    """The aggregate rebuilt from its stored events (not from a cache)."""
    version = len(app.recorder.select_events(aggregate_id))
    aggregate: object = app.repository.get(aggregate_id, version=version)
    assert isinstance(aggregate, kind)
    return aggregate


def test_the_same_seed_writes_the_same_season(hasher: Argon2Hasher) -> None:
    def season(seed: int) -> SeasonSummary:
        app = CertificationApp(hasher=hasher)
        return SeasonGenerator(app, seed=seed, year=2026).run(150)

    first, again, other = season(3), season(3), season(4)
    assert shape(first) == shape(again)
    assert first.enrolled == again.enrolled  # the same session ids, the same sizes
    assert first.enrolled != other.enrolled


def shape(summary: SeasonSummary) -> tuple[int, ...]:
    return (
        summary.centres,
        summary.sessions,
        summary.candidates,
        summary.events,
        summary.published,
        summary.certifiable,
    )


def test_the_command_writes_a_season_and_shows_its_progress(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["generate-season", "--pupils", "40", "--seed", "5"], env=env_for(tmp_path)
    )
    assert result.exit_code == 0, result.output
    assert "40 candidates" in result.output
    assert "events/s" in result.output
    assert "100%" in result.output  # the bar, on standard error
