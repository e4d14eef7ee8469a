# Everything a developer needs: `make run`, `make test`, `make lint`, `make bench`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: install run test test-fast lint format bench serve load audit bandit clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Serve the app on SQLite with demo data at http://127.0.0.1:$(PORT)
run: $(STAMP)
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed_demo
	DEBUG=true $(BIN)/python manage.py recompute_states
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Every test, browser tests included (set DATABASE_URL to run on PostgreSQL)
test: $(STAMP)
	$(BIN)/pytest

## The suite without the browser tests
test-fast: $(STAMP)
	$(BIN)/pytest -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/engine.py
	DEBUG= $(BIN)/python bench/pages.py
	DEBUG= $(BIN)/python bench/imports.py

## Production-style server on 127.0.0.1:$(PORT): DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS…
## come from the environment (docs/deploy.md); the settings refuse to start without SECRET_KEY.
serve: $(STAMP)
	@test -n "$$SECRET_KEY" || { echo "SECRET_KEY is not set (see docs/deploy.md)" >&2; exit 1; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn config.wsgi:application --bind 127.0.0.1:$(PORT) --workers 3

## Bounded load test on 127.0.0.1: two gunicorn servers, PostgreSQL database rebound_load
## (recreated). LOAD_ARGS="--seconds 10 --clients 10" for a short run.
load: $(STAMP)
	$(BIN)/python bench/load.py $(LOAD_ARGS)

## Known vulnerabilities in the installed packages; high-severity findings in our code.
## --strict: a package pip-audit cannot look up (no access to PyPI's JSON API) fails the run
## instead of passing unaudited. PIP_AUDIT_FLAGS= accepts that, and still runs bandit.
PIP_AUDIT_FLAGS ?= --strict
audit: bandit
	$(BIN)/pip-audit --skip-editable $(PIP_AUDIT_FLAGS)

bandit: $(STAMP)
	$(BIN)/bandit -q -r config journal recovery api -lll

clean:
	rm -rf $(VENV) staticfiles
