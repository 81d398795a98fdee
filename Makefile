# nongthonmoi: `make run` (demo on SQLite at http://127.0.0.1:8000) and `make test` (the whole suite).
# Both do every set-up step themselves on a fresh Debian machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000
PY := $(BIN)/python

.PHONY: run test setup install install-test messages browser lint bench audit clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip >/dev/null

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -e . 
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

messages:
	$(PY) scripts/compile_messages.py

setup: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py units load
	$(PY) manage.py demo load

run: setup
	@echo "Serving on http://$(ADDR)/ (Ctrl+C to stop)"
	$(PY) manage.py runserver $(ADDR)

# Debian's Chromium and its driver for the end-to-end tests (Playwright drives /usr/bin/chromium),
# and poppler-utils (pdftotext, pdftoppm) to read back generated PDFs.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v pdftotext >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver poppler-utils)

# two workers: the machines have two cores (pytest-xdist; each worker has its own test database)
test: install-test messages browser
	$(BIN)/pytest -n 2 --durations=15

lint: install-test
	$(BIN)/ruff check nongthonmoi tests scripts benchmarks
	$(BIN)/ruff format --check nongthonmoi tests scripts benchmarks

bench: install-test messages
	$(PY) benchmarks/run_all.py

# Known vulnerabilities in the installed dependencies (pip-audit, PyPI's advisory data). --strict
# makes a package that could not be checked (no advisory service reachable) an error, never a pass.
audit: install
	$(BIN)/pip install -q pip-audit
	$(BIN)/pip-audit --strict --skip-editable

clean:
	rm -rf $(VENV) var
