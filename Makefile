# Two commands do all set-up on a fresh machine:
#   make demo   create .venv, install, run the whole pipeline on the bundled demo sites
#   make test   install test dependencies, start every real service, lint, type-check, run the suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test lint bench services-start services-stop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: $(STAMP)
	$(BIN)/tianluo demo

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

test: $(TEST_STAMP)
	bash scripts/test.sh

bench: $(TEST_STAMP)
	$(BIN)/pip install -q -e '.[test,bench]'
	bash scripts/bench.sh

services-start: $(TEST_STAMP)
	bash scripts/services/start-all.sh

services-stop:
	bash scripts/services/stop-all.sh

clean:
	rm -rf $(VENV) .services var out .mypy_cache .ruff_cache .pytest_cache
