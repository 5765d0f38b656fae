# Two entry points for a fresh machine (see README):  make lab  |  make test
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.tapeviz-installed
BUNDLES := tapeviz/static/graph.js tapeviz/static/inspector.js tapeviz/static/checkpoint.js \
           tapeviz/static/elk-worker.js
JS_SOURCES := $(shell find js -type f)

.PHONY: lab test setup js browser-deps lint notebooks test-python test-js bench clean

setup: $(STAMP) $(BUNDLES)

# Python side: the venv with tapeviz installed in editable mode, redone when the metadata changes.
$(STAMP): pyproject.toml hatch_build.py $(BUNDLES)
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[test,lab,browser]"
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

# The widget bundles, rebuilt whenever js/ or the lockfile changes (npm ci fails on lockfile drift).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

$(BUNDLES) &: node_modules/.package-lock.json $(JS_SOURCES)
	npm run build

js: $(BUNDLES)

# Debian packages the tests need: chromium for the browser tests (never a downloaded browser
# build); XeLaTeX, pandoc and poppler for the PDF export test (nbconvert --to pdf, pdftoppm).
PDF_PACKAGES := texlive-xetex texlive-fonts-recommended texlive-plain-generic pandoc poppler-utils
browser-deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	command -v chromium >/dev/null 2>&1 || { $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }; \
	for c in xelatex pandoc pdftoppm; do command -v $$c >/dev/null 2>&1 || missing=1; done; \
	[ -z "$$missing" ] || { $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends $(PDF_PACKAGES); }

# The notebooks were executed here, so their outputs (widget views, static pictures) are trusted.
lab: setup
	$(VENV)/bin/jupyter trust notebooks/*.ipynb
	$(VENV)/bin/jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) notebooks/

lint: setup
	$(VENV)/bin/ruff check .

# Each notebooks/0N_*.ipynb is built from its paired .py source (jupytext) and executed.
notebooks: setup
	$(PY) notebooks/build_notebooks.py

test-js: setup
	npm test

test-python: setup browser-deps
	$(PY) -m pytest

test: lint test-js test-python

bench: setup
	$(PY) bench/run_engine_bench.py

clean:
	rm -rf $(VENV) node_modules tapeviz/static/*.js
