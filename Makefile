# The two commands a new user needs: `make run` and `make test`.
# Both create .venv when it is missing and reinstall only when pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
WORKERS ?= 2

.PHONY: run serve test test-fast lint typecheck bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# stamps: the runtime install, and the runtime + test extra install
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(BIN)/hadviz run --port $(PORT) --address localhost

# a class: WORKERS Streamlit processes behind nginx on 127.0.0.1:PORT (needs nginx)
serve: $(VENV)/.run-installed
	$(BIN)/hadviz serve --workers $(WORKERS) --port $(PORT)

# the whole suite, on every core (pytest-xdist): CI runs this
test: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --dist worksteal

# the edit loop: everything but the browser and the servers
test-fast: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto --dist worksteal -m "not browser and not server"

bench: $(VENV)/.test-installed
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

# PNGs of every page for the README, taken by the browser harness
screenshots: $(VENV)/.test-installed
	$(BIN)/python -m tests.browser.screenshots docs

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
