"""The enrolment benchmark's quick run: its files read by the service's own
readers, every row imported or enrolled, a baseline beside each."""

from __future__ import annotations

import pytest

from adapters.imports.candidate_template import read_template
from adapters.imports.rosters import read_roster
from bench import enrolment
from domain.values import CentreType
from tests.imports.files import SCHOOL_CODE


def test_the_bench_files_read_back_whole() -> None:
    roster = read_roster(enrolment.siecle_roster(30, SCHOOL_CODE), "e.xml")
    assert (roster.format, roster.school_code, len(roster.pupils), roster.problems) == (
        "siecle-xml",
        SCHOOL_CODE,
        30,
        (),
    )
    listed = read_template(enrolment.candidate_list_xlsx(30), "l.xlsx", CentreType.SCO)
    assert (listed.format, len(listed.rows), listed.problems) == ("xlsx", 30, ())


@pytest.mark.postgres
def test_the_quick_enrolment_bench_gives_its_four_rows() -> None:
    found = enrolment.rows(quick=True)
    assert [r.what.split(",")[0] for r in found] == ["candidate list", "roster"] * 2
    for row in found:
        assert row.ratio is not None, row
        assert row.ratio > 0, row
        assert row.met is not None, row
