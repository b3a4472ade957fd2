"""Pages on the real application, on each backend (fixtures of tests/e2e)."""

from tests.e2e.conftest import admin, http

__all__ = ["admin", "http"]
