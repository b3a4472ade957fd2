"""``make bench``: every benchmark row in one table.

Each module measures the service and its baseline in the same run and gives
its rows; a module that fails prints its error as a row and the others go on.
``python -m bench [--quick] [--only name,name]``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback

from bench.table import Row, render

MODULES = (
    "commands",
    "over_http",
    "replay",
    "rebuild",
    "season",
    "enrolment",
    "documents",
    "pages",
)
"""In the order of the table: commands, read side, season, papers and pages."""


def gathered(names: list[str], quick: bool) -> list[Row]:
    found: list[Row] = []
    for name in names:
        started = time.perf_counter()
        print(f"bench: {name}…", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"bench.{name}")
            found.extend(module.rows(quick=quick))
        except Exception as failure:
            traceback.print_exc(file=sys.stderr)
            found.append(Row(what=name, service=f"failed: {type(failure).__name__}: {failure}"))
        print(f"bench: {name} took {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Every benchmark row in one table.")
    parser.add_argument("--quick", action="store_true", help="tiny runs: checks the rows work")
    parser.add_argument("--only", default="", help="comma-separated modules: " + ",".join(MODULES))
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or list(MODULES)
    unknown = sorted(set(names) - set(MODULES))
    if unknown:
        parser.error(f"unknown module: {unknown[0]} (known: {', '.join(MODULES)})")
    rows = gathered(names, args.quick)
    print(render(rows))
    return 1 if any(r.service.startswith("failed:") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
