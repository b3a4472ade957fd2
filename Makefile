# The two commands of the README:
#   make serve   creates .venv, installs the service and runs it (SQLite file under data/)
#   make test    creates .venv, installs with the test tools, runs every check and test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test lint typecheck imports pytest bench bench-documents demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/certif serve

demo: $(STAMP)
	$(BIN)/certif demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	scripts/ensure-postgres
	$(BIN)/pytest

test: lint typecheck imports pytest

bench: $(STAMP)
	scripts/ensure-postgres
	$(BIN)/python -m bench.add_candidates
	$(BIN)/python -m bench.documents

bench-documents: $(STAMP)
	$(BIN)/python -m bench.documents

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
