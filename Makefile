# Two commands do all the set-up on a fresh machine:
#   make run   - installs into .venv, loads the fictional demo maps if the database is empty,
#                starts the app on http://localhost:8501 (embedded SQLite: data/weaving.db)
#   make test  - installs everything the tests need (Python packages, and as root Debian's
#                chromium + postgresql) and runs the whole test suite
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
PYTEST_ARGS ?=

.PHONY: run test install install-test system-deps demo bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

system-deps:
	bash scripts/system-deps.sh

demo: install
	$(VENV)/bin/weaving demo --if-empty

run: demo
	$(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

test: install-test system-deps
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)
	$(PY) -m pytest $(PYTEST_ARGS) --doctest-modules weaving/analysis weaving/store weaving/core/names.py

bench: install-test
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/analysis.py --sizes 300,2000,10000
	$(PY) bench/linkpred.py
	$(PY) bench/linkpred_weaving.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis tests/artifacts
