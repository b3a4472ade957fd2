"""The README's tour, run verbatim against a live server on a free port."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.live import ROOT, run_readme_script, server_env, serving

TOUR = re.compile(r"<!-- (tour(?:-[23])?) -->\n```bash\n(.*?)```\n<!-- /\1 -->", re.DOTALL)


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = server_env(tmp_path)
    with serving(env) as base:
        yield base, env


def test_the_readme_tour_works_as_written(live_server: tuple[str, dict[str, str]]) -> None:
    base, env = live_server
    blocks = dict(TOUR.findall((ROOT / "README.md").read_text()))
    assert set(blocks) == {"tour", "tour-2", "tour-3"}, "the README's tour blocks are missing"
    script = blocks["tour"] + blocks["tour-2"] + blocks["tour-3"]
    done = run_readme_script(script, base, env, ROOT)
    assert re.search(r"access code: [BCDFGHJKMPQRTVWXY]{4}[2346789]{2} - 2 candidates", done.stdout)
    assert '"extra_time_percent":"33 %"' in done.stdout
    assert "invigilator password:" in done.stderr
    second = done.stdout[done.stdout.index("access code:") :]
    assert "1 of 2 certifiable under rule version 1" in second
    assert "not yet: Hugo Durand - 3 competence(s) at level 1 or more; 5 needed." in second
    assert "a rule of 3 would change 1 candidate(s)" in second
    assert "2 of 2 certifiable under rule version 2" in second
    assert "eligibility generation 2 lag 0 rule 2" in second
    assert "at version 2: ['Lefèvre']" in second
    assert '"event":"SessionCreated"' in second.replace(" ", "")
    assert "chain intact" in second
    third = second[second.index("chain intact") :]
    assert "invigilators: M. Karim Benali, Mme Sophie Lemoine" in third
    assert re.search(r"\n\S+ \S+ completed theoretical end 20\d\d-", third)
    assert "status: finalised" in third
    assert "status: published - " in third
