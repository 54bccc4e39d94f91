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

# The demo extracts and prints the sample corpus, stores it in demo.db, then serves the
# explorer when run from a terminal (Ctrl-C stops it); unattended, it prints how to serve.
DEMO_DB ?= demo.db
demo: install
	$(BIN)/communique extract corpus/sample --format pretty
	$(BIN)/communique ingest corpus/sample --db $(DEMO_DB) --workers 1
	@if [ -t 0 ] && [ "$${DEMO_SERVE:-1}" != 0 ]; then \
		$(BIN)/communique serve --db $(DEMO_DB); \
	else \
		echo "Explore it: $(BIN)/communique serve --db $(DEMO_DB)   then open http://127.0.0.1:8000/"; \
	fi

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
