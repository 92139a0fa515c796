# Dyad: `make run` (demo on http://127.0.0.1:8000) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
VENDOR := src/dyad/static/vendor
HOST ?= 127.0.0.1:8000

.PHONY: install run serve worker test test-fast bench lint format messages assets clean

INTEROP := tests/interop

install: $(VENV)/.synced $(VENDOR)/.built $(INTEROP)/node_modules/.installed src/dyad/locale/es/LC_MESSAGES/django.mo

$(VENV)/.synced: pyproject.toml uv.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	test -x $(VENV)/bin/uv || $(PY) -m pip install --quiet --disable-pip-version-check "uv>=0.5"
	UV_PROJECT_ENVIRONMENT=$(VENV) $(VENV)/bin/uv sync --frozen --quiet
	touch $@

# Front-end packages come from the npm registry at build time and are served by Django (no CDN).
$(VENDOR)/.built: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/htmx
	cp node_modules/bootstrap/dist/css/bootstrap.min.css $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	mkdir -p $(VENDOR)/us-atlas  # county shapes for the workforce map (drawn server-side)
	cp node_modules/us-atlas/counties-albers-10m.json node_modules/us-atlas/LICENSE $(VENDOR)/us-atlas/
	touch $@

assets: $(VENDOR)/.built

# The interop verifier (Digital Bazaar's libraries, pinned by its lock file) that the test suite
# runs on Dyad's credentials: src/dyad/badges/tests/test_interop.py.
$(INTEROP)/node_modules/.installed: $(INTEROP)/package.json $(INTEROP)/package-lock.json
	npm ci --prefix $(INTEROP) --no-audit --no-fund --loglevel=error
	touch $@

# The compiled catalogue is committed; rebuild it when gettext is present.
src/dyad/locale/es/LC_MESSAGES/django.mo: src/dyad/locale/es/LC_MESSAGES/django.po
	if command -v msgfmt >/dev/null; then cd src/dyad && ../../$(PY) ../../manage.py compilemessages -l es >/dev/null; fi
	touch $@

messages: install
	cd src/dyad && ../../$(PY) ../../manage.py makemessages -l es --no-obsolete --ignore "static/*" --ignore "*/tests/*" --ignore "testing/*"

run: install
	$(MANAGE) migrate --noinput
	DYAD_DEMO=1 $(MANAGE) demo
	DYAD_DEMO=1 $(MANAGE) renewals sweep
	DYAD_DEMO=1 sh -c '$(MANAGE) db_worker --interval 1 & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; $(MANAGE) runserver $(HOST)'

serve: install
	$(MANAGE) migrate --noinput
	$(MANAGE) runserver $(HOST)

worker: install
	$(MANAGE) db_worker

# One worker per core (pytest-xdist): each has its own test database.
test: install
	$(VENV)/bin/pytest -n auto

test-fast: install
	$(VENV)/bin/pytest -n auto -m "not browser"

# Every figure is a ratio to a reference timed in the same run (the engine in plain passes over
# the portfolio, pages in requests of a bare page), so it means the same on any machine; exits 1
# when one is over its target. `$(PY) benchmarks/engine.py` or `pages.py` runs one half.
bench: install
	$(PY) benchmarks/run.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules $(INTEROP)/node_modules $(VENDOR) staticfiles dyad.sqlite3
