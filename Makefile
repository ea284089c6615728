# Localism: `make run` serves the site with a Celery worker and beat; `make test` runs the suite.
# Both create the virtual environment in .venv on first use. See README.md.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup demo serve frontend check-deploy bench bench-city bench-national bench-reports bench-lookups clean

# Without DJANGO_DEBUG=true the settings are production's and refuse to start without
# DJANGO_SECRET_KEY. Local targets run in debug mode unless the environment says otherwise.
LOCAL := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## Migrate, load the 69 wards and create the demo accounts (safe to repeat).
setup: $(VENV)/.runtime
	$(LOCAL) $(BIN)/python manage.py migrate --noinput
	$(LOCAL) $(BIN)/python manage.py load_wards --commit
	$(LOCAL) $(BIN)/python manage.py load_ward_profiles --commit
	$(LOCAL) $(BIN)/python manage.py load_libraries --commit
	$(LOCAL) $(BIN)/python manage.py load_library_assets --commit
	$(LOCAL) $(BIN)/python manage.py link_hubs_to_assets --commit
	@# Councillors load only from a real list saved there (docs/data.md); none is shipped.
	@if [ -f wards/data/birmingham-councillors.csv ]; then \
		$(LOCAL) $(BIN)/python manage.py load_councillors wards/data/birmingham-councillors.csv --commit; fi
	$(MAKE) --no-print-directory demo

demo: $(VENV)/.runtime
	DJANGO_DEBUG=true $(BIN)/python manage.py demo_accounts
	$(LOCAL) $(BIN)/python manage.py demo_wards
	$(LOCAL) $(BIN)/python manage.py demo_plans
	$(LOCAL) $(BIN)/python manage.py demo_hubs
	$(LOCAL) $(BIN)/python manage.py demo_engagement
	$(LOCAL) $(BIN)/python manage.py demo_assets
	$(LOCAL) $(BIN)/python manage.py demo_contracts
	$(LOCAL) $(BIN)/python manage.py demo_contributions
	$(LOCAL) $(BIN)/python manage.py link_hubs_to_assets --commit

## Serve the site at http://$(HOST):$(PORT) with a Celery worker and beat.
run: setup
	$(LOCAL) HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) bash scripts/serve.sh

## Run the whole test suite (embedded defaults, or DATABASE_URL / REDIS_URL when set).
## pytest runs on the production settings with a throwaway key (tests/pytest_environment.py).
test: $(VENV)/.dev
	$(BIN)/python -m ruff check .
	$(LOCAL) $(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(BIN)/python -m pytest

## Django's deployment checks on the settings this environment gives (set DJANGO_SECRET_KEY,
## DJANGO_ALLOWED_HOSTS and the rest as production does; debug is off unless DJANGO_DEBUG says so).
check-deploy: $(VENV)/.runtime
	$(BIN)/python manage.py check --deploy --fail-level WARNING

## Rebuild the GOV.UK Frontend assets under static/ (needs npm; the results are committed).
frontend:
	bash frontend/build.sh

## Benchmarks (bench/README.md): every page and API list on gunicorn against a floor view at the
## demo scale, then the reports beside hand-written SQL. With DATABASE_URL they run on PostgreSQL
## and EMPTY that database first. BENCH_ARGS="--no-page-cache --rounds 7" passes options on.
bench: $(VENV)/.dev
	$(BIN)/python bench/pages.py --scale demo $(BENCH_ARGS)
	$(MAKE) --no-print-directory bench-reports BENCH_ARGS=

## The pages at the city scale: every ward with a plan of 100 actions, 50,000 bookings, 100,000
## responses, 5,000 assets (SQLite, or DATABASE_URL's PostgreSQL).
bench-city: $(VENV)/.dev
	$(BIN)/python bench/pages.py --scale city $(BENCH_ARGS)

## The pages at the national scale: 8,000 wards, 5 million bookings, 10 million responses, built
## by generate_series on PostgreSQL (DATABASE_URL is required; that database is emptied).
bench-national: $(VENV)/.dev
	@test -n "$$DATABASE_URL" || { echo "bench-national needs DATABASE_URL (PostgreSQL): createdb localism_bench_national"; exit 2; }
	$(BIN)/python bench/pages.py --scale national $(BENCH_ARGS)

## The city-wide reports beside hand-written SQL of their figures; BENCH_ARGS="--wards 8000" adds
## a data set of 8,000 wards.
bench-reports: $(VENV)/.dev
	$(BIN)/python bench/reports.py $(BENCH_ARGS)

## The older in-process timings of the postcode and point look-ups.
bench-lookups: $(VENV)/.dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var/celery-broker
