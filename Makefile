# OpenCUS. On a fresh machine: `make demo` serves the demo centre, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
VENDOR := opencus/static/vendor

.PHONY: demo test test-clock quality install assets serve messages clean system-demo system-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# With DEBUG off the settings refuse the repository's development key: a machine gets a random
# DJANGO_SECRET_KEY of its own in .env (read by opencus/settings.py), written once, kept after.
install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@grep -qs '^DJANGO_SECRET_KEY=' .env || { echo "DJANGO_SECRET_KEY=$$($(BIN)/python -c \
	  'import secrets; print(secrets.token_urlsafe(50))')" >> .env && echo "Wrote a random DJANGO_SECRET_KEY to .env"; }

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

assets: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/fonts $(VENDOR)/moj/assets/images $(VENDOR)/axe $(VENDOR)/leaflet/images
	npx sass --load-path=. --load-path=node_modules --load-path=assets/scss --style=compressed \
	  --no-source-map --quiet-deps assets/scss/opencus.scss opencus/static/opencus/css/opencus.css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js* $(VENDOR)/
	cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js* $(VENDOR)/
	cp node_modules/@ministryofjustice/frontend/moj/assets/images/*.svg $(VENDOR)/moj/assets/images/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe/
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css $(VENDOR)/leaflet/
	cp node_modules/leaflet/dist/images/*.png $(VENDOR)/leaflet/images/
	for s in latin latin-ext cyrillic; do for w in 400 700; do \
	  cp node_modules/@fontsource/open-sans/files/open-sans-$$s-$$w-normal.woff2 $(VENDOR)/fonts/; done; done

# Babel compiles the catalogues, so a fresh machine needs no GNU gettext for `make demo`.
messages: install
	$(BIN)/pybabel -q compile -d opencus/locale -D django

# The Debian packages the demo (WeasyPrint's libraries) and the tests (also chromium and
# poppler) need: installed with apt-get as root when missing, else the command is printed.
system-demo:
	scripts/system-packages.sh demo

system-test:
	scripts/system-packages.sh test

# The demo turns two-factor authentication off for the staff roles, explicitly (OPENCUS_2FA_OFF);
# seed_demo and runserver say so when they start. The admin account still needs it.
# scripts/serve-demo.sh runs the background worker (manage.py db_worker: the plan reminders and
# the senior taxi's day-before optimisation)
# beside the server and stops it with the server.
demo: install assets messages system-demo
	$(BIN)/python manage.py migrate --no-input -v0
	$(BIN)/python manage.py collectstatic --no-input -v0
	OPENCUS_2FA_OFF=true $(BIN)/python manage.py seed_demo
	@echo "Serving the demo centre on http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)"
	OPENCUS_2FA_OFF=true PYTHON=$(BIN)/python scripts/serve-demo.sh 127.0.0.1:$(PORT)

# pytest-xdist: a worker (and a test database) per core. Whole files go to a worker, in collection
# order: module fixtures run once (the demo is seeded once) and each worker still runs the
# transactional tests last (tests/conftest.py). (--dist loadgroup ignores xdist_group marks on
# pytest 9.2: pytest-xdist issue #1386.)
XDIST ?= -n auto --dist loadfile --no-loadscope-reorder

test: install assets messages system-test
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# The suite (without the browser tests: the browser's own clock cannot be moved) at two awkward
# Europe/Warsaw instants, the clock moved by time-machine (--clock in tests/conftest.py): just
# after New Year and the year's last minute.
CLOCKS ?= 2027-01-01T00:30 2027-12-31T23:59

test-clock: install assets messages system-test
	set -e; for clock in $(CLOCKS); do echo "=== the suite at $$clock"; \
	  $(BIN)/python -m pytest $(XDIST) --clock=$$clock -m "not browser" $(PYTEST_ARGS); done

quality: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy opencus tests bench
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules staticfiles $(VENDOR) opencus/static/opencus/css/opencus.css
