"""The README's papers of the demo session, downloaded verbatim from a live
server that serves the demo data."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.documents.pdf import pages_text
from tests.e2e.live import CERTIF, ROOT, run_readme_script, server_env, serving

PAPERS = re.compile(r"<!-- papers -->\n```bash\n(.*?)```\n<!-- /papers -->", re.DOTALL)


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """`make demo`, then `make serve`, on a fresh data folder."""
    env = server_env(tmp_path)
    subprocess.run([CERTIF, "demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    with serving(env) as base:
        yield base, env


def test_the_readme_downloads_the_three_papers_of_the_demo_session(
    demo_server: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    base, env = demo_server
    match = PAPERS.search((ROOT / "README.md").read_text())
    assert match, "the README has no papers block"
    folder = tmp_path / "downloads"
    folder.mkdir()
    done = run_readme_script(match.group(1), base, env, folder)
    sheet = pages_text((folder / "feuille-emargement.pdf").read_bytes())
    kit = pages_text((folder / "kit-surveillant.pdf").read_bytes())
    letters = pages_text((folder / "convocations.pdf").read_bytes())
    assert (len(sheet), len(kit), len(letters)) == (1, 6, 20)
    assert "Collège Jean Moulin" in sheet[0]
    assert "Candidats inscrits : 20" in sheet[0]
    assert (folder / "feuille-emargement.ods").read_bytes().startswith(b"PK")
    assert "done attendance_sheet_downloaded" in done.stdout
    assert "done convocations_sent - 20 of 20 sent" in done.stdout
