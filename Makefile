# Quick start: `make demo` and `make test` on a fresh machine (Python >= 3.11).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: install demo test lint typecheck resources bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,exports,web,postgres]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/communique extract corpus/sample --format pretty

lint: install
	$(BIN)/ruff check communique tests scripts bench
	$(BIN)/ruff format --check communique tests scripts bench

typecheck: install
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest

resources: install
	$(BIN)/python scripts/build_resources.py

bench: install
	$(BIN)/python bench/extract.py --workers 2

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
