# Two entry points for a fresh machine (see README):  make lab  |  make test
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.tapeviz-installed

.PHONY: lab test setup js browser-deps notebooks test-python test-js test-notebooks test-browser bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml package.json
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	npm ci --no-audit --no-fund || npm install --no-audit --no-fund
	npm run build
	$(PIP) install -q -e ".[test,lab]"
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

js: setup
	npm run build

# Debian's chromium for the browser tests (never a downloaded browser build).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi; }

# The notebooks were executed here, so their outputs (widget views, static pictures) are trusted.
lab: setup
	$(VENV)/bin/jupyter trust notebooks/*.ipynb
	$(VENV)/bin/jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) notebooks/

# Each notebooks/0N_*.ipynb is built from its paired .py source (jupytext) and executed.
notebooks: setup
	$(PY) notebooks/build_notebooks.py

test-js: setup
	npm test

test-python: setup browser-deps
	$(PY) -m pytest

test: test-js test-python

bench: setup
	$(PY) bench/run_engine_bench.py

clean:
	rm -rf $(VENV) node_modules tapeviz/static/*.js
