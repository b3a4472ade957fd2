"""What the service imports is installed by `make serve`, which installs the
project's own dependencies and not the test tools."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parents[2]
PACKAGES = ("domain", "application", "projections", "adapters")


def runtime_distributions() -> set[str]:
    """The project's dependencies and, through their metadata, theirs."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pending = [Requirement(text) for text in project["dependencies"]]
    found: set[str] = set()
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        found.add(name)
        extras = requirement.extras | {""}
        for text in metadata.requires(requirement.name) or []:
            needed = Requirement(text)
            marker = needed.marker
            if marker is None or any(marker.evaluate({"extra": extra}) for extra in extras):
                pending.append(needed)
    return found


def imported_modules() -> set[str]:
    """The top-level modules that the service's own code imports."""
    found: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found.add(node.module.split(".")[0])
    return found - set(PACKAGES) - set(sys.stdlib_module_names) - {"__future__"}


def test_every_module_the_service_imports_comes_with_its_own_dependencies() -> None:
    runtime = runtime_distributions()
    providers = metadata.packages_distributions()
    missing = sorted(
        module
        for module in imported_modules()
        if not {canonicalize_name(d) for d in providers.get(module, [module])} & runtime
    )
    assert missing == [], "imported by the service but installed only with the test tools"
