"""The command line lists centres, sessions and candidates, and takes a session
by its number wherever it takes a session."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from adapters.cli import cli
from tests.integration.test_cli import env_for


def test_the_demo_is_listed_and_its_sessions_are_named_by_number(tmp_path: Path) -> None:
    runner, env = CliRunner(), env_for(tmp_path)
    assert runner.invoke(cli, ["demo"], env=env).exit_code == 0

    def run(*args: str) -> list[str]:
        result = runner.invoke(cli, list(args), env=env)
        assert result.exit_code == 0, result.output
        return result.output.splitlines()

    [centre] = run("centres")
    centre_id, code, *_ = centre.split()
    assert len(code) == 8
    listed = run("sessions", "--centre", centre_id)
    assert [line.split()[0] for line in listed] == ["1", "2", "3"]
    assert run("sessions") == listed
    pupils = run("candidates", "1")
    assert len(pupils) == int(listed[0].split("candidate(s)")[0].split()[-1])
    assert len(pupils) == len(set(pupils)) > 0
    replay = json.loads("\n".join(run("history", "2", "--version", "1")))
    assert replay["session"]["number"] == 2
    assert run("audit", "2")[0].split()[-1] != ""
    assert "intact" in " ".join(run("verify", "--session", "3"))


def test_a_session_number_never_given_is_refused(tmp_path: Path) -> None:
    runner, env = CliRunner(), env_for(tmp_path)
    never = (["candidates", "7"], ["history", "7", "--version", "1"], ["verify", "--session", "7"])
    for args in never:
        result = runner.invoke(cli, args, env=env)
        assert result.exit_code == 2, result.output
        assert "no session has the number 7" in result.output
    refused = runner.invoke(cli, ["audit", "Salle-101"], env=env)
    assert refused.exit_code == 2
    assert "neither a session number nor an id" in refused.output
