# newsloom: `make demo` and `make test` work on a fresh clone; both set up .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test lint bench lock clean

# requirements.lock pins every transitive dependency; refresh it with `make lock` after changing pyproject.toml.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev,bench]"
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/newsloom run examples/corpus/ --db newsloom.db --report report

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: setup
	$(BIN)/python benchmarks/pipeline.py

lock: setup
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^newsloom' > requirements.lock

clean:
	rm -rf newsloom.db newsloom.db-wal newsloom.db-shm report build
