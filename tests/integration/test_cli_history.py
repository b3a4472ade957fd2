"""`certif history` and `certif audit` on the centre's clock; history shows now by default."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from adapters.cli import cli
from tests.integration.test_cli import env_for


def a_demo_session(runner: CliRunner, tmp_path: Path) -> str:
    loaded = runner.invoke(cli, ["demo"], env=env_for(tmp_path))
    assert loaded.exit_code == 0, loaded.output
    found = re.search(r"session (\S+): access code", loaded.output)
    assert found is not None, loaded.output
    return found.group(1)


def test_history_without_options_shows_the_session_now(tmp_path: Path) -> None:
    runner = CliRunner()
    session = a_demo_session(runner, tmp_path)
    shown = runner.invoke(cli, ["history", session], env=env_for(tmp_path))
    assert shown.exit_code == 0, shown.output
    replay = json.loads(shown.output)
    assert len(replay["candidates"]) == 20
    assert replay["session"]["id"] == session


def test_a_moment_without_a_zone_is_read_on_the_centres_clock(tmp_path: Path) -> None:
    runner = CliRunner()
    session = a_demo_session(runner, tmp_path)
    env = env_for(tmp_path)
    shown = runner.invoke(cli, ["history", session, "--at", "2100-01-01T09:00"], env=env)
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["moment"] == "2100-01-01T09:00:00+01:00"
    refused = runner.invoke(cli, ["history", session, "--at", "demain"], env=env)
    assert refused.exit_code != 0
    assert "is not an ISO date and time" in refused.output


def test_the_audit_trail_reads_local_french_times_and_names_who_acted(tmp_path: Path) -> None:
    runner = CliRunner()
    session = a_demo_session(runner, tmp_path)
    shown = runner.invoke(cli, ["audit", session], env=env_for(tmp_path))
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert lines
    for line in lines:
        assert re.match(r"\s+\d+  \d\d/\d\d/\d{4} \d\d:\d\d  \S.* : \S", line), line
    assert any("Session du " in line for line in lines)
    assert not any(re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", line.split(" : ")[0]) for line in lines)
