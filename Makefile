# ST-portalen. `make run` serves the demo; `make test` runs everything CI runs.
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test test-fast test-dates lint lint-imports types migrations-check pytest messages lock clean bench

setup: $(STAMP) compiled-messages

$(STAMP): requirements-dev.lock pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

.PHONY: compiled-messages
compiled-messages: $(STAMP)
	@$(VENV)/bin/pybabel compile --statistics -D django -d stportal/locale 2>&1 | grep -v '^$$' || true

run: setup
	$(MANAGE) migrate --no-input
	$(MANAGE) load_reference_data
	$(MANAGE) seed_demo
	@echo "Log in at http://$(HOST):$(PORT)/login/"
	$(MANAGE) runserver $(HOST):$(PORT)

# Tests run on WORKERS processes (pytest-xdist, an idle one takes over waiting tests);
# `make test WORKERS=0` runs them in one.
WORKERS ?= auto
PYTEST := $(VENV)/bin/pytest -n $(WORKERS) --dist worksteal

test: setup lint lint-imports types migrations-check pytest

# Everything but the browser tests, for the edit-test loop.
test-fast: setup lint lint-imports types migrations-check
	$(PYTEST) -m "not browser" $(PYTEST_ARGS)

# The suite without the browser runs at a fixed date (tests/conftest.py); here it runs on a leap
# day and on a 31 December as well, so a dependency on the real date fails loudly (CI runs it).
TEST_DATES ?= 2028-02-29 2027-12-31
test-dates: setup
	@set -e; for day in $(TEST_DATES); do \
	  echo "The suite without the browser on $$day"; \
	  STPORTAL_TEST_TODAY=$$day $(PYTEST) -q -m "not browser" -p no:cacheprovider $(PYTEST_ARGS); \
	done

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

types: $(STAMP)
	$(VENV)/bin/mypy stportal

# The layers of docs/architecture.md, as import-linter contracts (.importlinter).
lint-imports: $(STAMP)
	$(VENV)/bin/lint-imports --no-logo

migrations-check: $(STAMP)
	$(MANAGE) makemigrations --check --dry-run

pytest: setup
	scripts/ensure-system-packages
	$(PYTEST) $(PYTEST_ARGS)

# Speed goals are measured here, never asserted in tests (issue 3: 10 000 timelines ≤ 1 s).
bench: setup
	$(PY) bench/timeline.py
	$(PY) bench/director_page.py
	$(PY) bench/pdf.py
	$(PY) bench/application.py

lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.12 --generate-hashes -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.12 --generate-hashes -o requirements-dev.lock

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .mypy_cache .ruff_cache
