# The two commands of the README:
#   make serve   creates .venv, installs what serving needs and runs it (SQLite file under data/)
#   make test    creates .venv, installs with the test tools, runs every check and test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# One stamp per install: serving needs the runtime only; the checks need the test tools.
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev

.PHONY: serve test lint typecheck imports pytest bench bench-documents demo clean

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

bench: $(DEV)
	scripts/ensure-postgres
	$(BIN)/python -m bench.add_candidates
	$(BIN)/python -m bench.documents
	$(BIN)/python -m bench.pages

bench-documents: $(DEV)
	$(BIN)/python -m bench.documents

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
