"""The command line as a new user meets it: help that names values, the
demo loaded twice, and settings read from a .env file like the server's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.cli import cli
from adapters.wiring import PROJECTIONS
from tests.integration.test_cli import env_for

COMMANDS = [
    [],
    ["serve"],
    ["rebuild"],
    ["history"],
    ["audit"],
    ["project"],
    ["create-centre"],
    ["create-operator"],
    ["erase-expired"],
    ["verify"],
]


def help_of(*args: str) -> str:
    shown = CliRunner().invoke(cli, [*args, "--help"], env={"COLUMNS": "120"})
    assert shown.exit_code == 0, shown.output
    return shown.output


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "certif")
def test_help_names_values_never_python_types(command: list[str]) -> None:
    assert (
        re.search(r"<(bool|str|int|float|UUID|int range|float range|path)>", help_of(*command))
        is None
    )


def test_rebuild_help_lists_the_projections() -> None:
    shown = " ".join(help_of("rebuild").split())
    for projection in PROJECTIONS:
        assert projection.name in shown


def test_serve_help_shows_its_defaults_and_every_setting() -> None:
    shown = help_of("serve")
    assert "CERTIF_HOST, 127.0.0.1" in shown
    assert "CERTIF_DATABASE_URL (default: sqlite:///data/certif.sqlite3)" in shown
    assert "CERTIF_PROJECTIONS (default: embedded)" in shown
    assert ".env" in shown


def test_the_demo_loaded_twice_says_it_is_already_loaded(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["demo"], env=env_for(tmp_path)).exit_code == 0
    again = runner.invoke(cli, ["demo"], env=env_for(tmp_path))
    assert again.exit_code == 0, again.output
    assert again.output.startswith("The demo is already loaded in this store")
    assert "direction@college-jean-moulin.fr" in again.output


def test_settings_are_read_from_a_dot_env_file_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "from-dot-env.sqlite3"
    (tmp_path / ".env").write_text(
        f"CERTIF_DATABASE_URL=sqlite:///{store}\nCERTIF_DATA_DIR={tmp_path}\n"
        "CERTIF_ARGON2_TIME_COST=1\nCERTIF_ARGON2_MEMORY_KIB=1024\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    for name in ("CERTIF_DATABASE_URL", "CERTIF_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    loaded = CliRunner().invoke(cli, ["demo"])
    assert loaded.exit_code == 0, loaded.output
    assert store.is_file()
    shown = CliRunner().invoke(cli, ["projections"])
    assert shown.exit_code == 0, shown.output
    assert "eligibility" in shown.output
