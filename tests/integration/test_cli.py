"""The command line: refusals and bad settings are one line and exit code 1."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from adapters.cli import cli


def env_for(tmp_path: Path) -> dict[str, str]:
    return {
        "CERTIF_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "CERTIF_DATA_DIR": str(tmp_path),
        "CERTIF_ARGON2_TIME_COST": "1",
        "CERTIF_ARGON2_MEMORY_KIB": "1024",
    }


def test_a_refused_command_says_why_in_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["demo"], env=env_for(tmp_path))
    assert first.exit_code == 0, first.output
    assert "3 sessions, 60 pupils" in first.output
    again = runner.invoke(
        cli,
        [
            "create-operator",
            "--email",
            "direction@college-jean-moulin.fr",
            "--name",
            "X",
            "--password",
            "granite-meadow-58",
        ],
        env=env_for(tmp_path),
    )
    assert again.exit_code == 1
    assert again.output.strip() == "error: An account with this email already exists."


def test_a_bad_setting_is_named_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["projections"], env=env_for(tmp_path) | {"CERTIF_DATABASE_URL": "mysql://x"}
    )
    assert result.exit_code == 1
    assert result.output.startswith("error: setting CERTIF_DATABASE_URL:")
    assert len(result.output.strip().splitlines()) == 1


def test_projections_show_position_and_lag_after_a_worker_run(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["demo"], env=env_for(tmp_path))
    worked = runner.invoke(cli, ["project", "--once"], env=env_for(tmp_path))
    assert worked.exit_code == 0, worked.output
    shown = runner.invoke(cli, ["projections"], env=env_for(tmp_path)).output
    assert "eligibility  generation 1" in shown
    assert all(" lag 0 " in line for line in shown.splitlines())


def test_a_password_not_given_is_asked_twice_without_echo(tmp_path: Path) -> None:
    args = ["create-operator", "--email", "ops@certif.fr", "--name", "Ops"]
    typed = "granite-meadow-58\ngranite-meadow-58\n"
    result = CliRunner().invoke(cli, args, input=typed, env=env_for(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert "granite-meadow-58" not in result.output


def test_a_common_or_short_password_is_refused_at_the_command_line(tmp_path: Path) -> None:
    base = ["create-centre", "--name", "Collège", "--national-code", "0751234A"]
    base += ["--admin-email", "a@college.fr", "--admin-name", "Claire"]
    for weak in ("motdepasse-1", "short-1"):
        result = CliRunner().invoke(cli, [*base, "--admin-password", weak], env=env_for(tmp_path))
        assert result.exit_code == 1
        assert result.output.startswith("error: "), result.output
