# The two commands of the README:
#   make serve   creates .venv, installs what serving needs and runs it (SQLite file under data/)
#   make test    creates .venv, installs with the test tools, runs every check and test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per install: serving needs the runtime only; the checks need the test tools.
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.PHONY: serve test lint typecheck imports pytest screenshots bench bench-documents demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME)

$(DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(DEV) $(RUNTIME)

serve: $(RUNTIME)
	$(BIN)/certif serve

demo: $(RUNTIME)
	$(BIN)/certif demo

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV)
	$(BIN)/mypy

imports: $(DEV)
	$(BIN)/lint-imports

pytest: $(DEV)
	scripts/ensure-postgres
	scripts/ensure-chromium
	$(BIN)/pytest

test: lint typecheck imports pytest

# The pictures of docs/screenshots/, taken again by the walk of every page.
screenshots: $(DEV)
	scripts/ensure-chromium
	CERTIF_REFRESH_SCREENSHOTS=1 $(BIN)/pytest tests/browser/test_every_page_in_chromium.py

bench: $(DEV)
	scripts/ensure-postgres
	$(BIN)/python -m bench

bench-documents: $(DEV)
	$(BIN)/python -m bench.documents

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
