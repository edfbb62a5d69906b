# GovIT: `make run` serves the demo district, `make test` runs everything CI runs.
# Both start from nothing but Python 3.11: they create .venv and install what they need.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test test-dates test-api-fuzz install install-test lint check-django test-suite bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --disable-pip-version-check -q -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/govit manage migrate --noinput -v 0
	$(BIN)/govit manage load_demo --if-empty > /dev/null
	$(BIN)/govit manage load_demo --print-logins
	@echo "GovIT: http://$(HOST):$(PORT)/"
	$(BIN)/govit manage runserver $(HOST):$(PORT)

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

check-django: install-test
	$(BIN)/govit manage check --fail-level WARNING
	$(BIN)/govit manage makemigrations --check --dry-run

test: install-test lint check-django
	scripts/ensure-chromium.sh
	scripts/ensure-libreoffice.sh
	scripts/test-on-databases.sh
	scripts/test-api-fuzz.sh
	scripts/test-dates.sh

# The suite (without the browser walks) with the process's clock moved to 2027, 2028-02-29 and 2030.
test-dates: install-test
	scripts/test-dates.sh

# schemathesis against the OpenAPI description, through the WSGI app (a few minutes).
test-api-fuzz: install-test
	scripts/test-api-fuzz.sh

bench: install-test
	$(BIN)/python bench/run.py
	$(BIN)/python bench/pages.py 100 1000 10000
	$(BIN)/python bench/backup.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/serving.py
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/similar.py
	$(BIN)/python bench/public.py

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .ruff_cache .hypothesis
