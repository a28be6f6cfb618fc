# Two commands: `make run` (set up and serve with demo content) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# `make run` is for development: DEBUG on unless the environment says otherwise.
run: export DEBUG ?= 1
# ... and the public address (emails, citations, exports) is where it serves, unless BASE_URL is
# given (`?=`: a BASE_URL from the environment or the command line is kept; HOST and PORT are
# read when the recipe runs, so `make run PORT=8001` gives http://127.0.0.1:8001).
run: export BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test install setup bench lint clean-db

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

setup: install
	mkdir -p var
	# The cache tables first: migrations that save content renew the page cache's generation.
	$(PY) manage.py createcachetable
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_municipalities
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_demo_admin

run: setup
	@echo "Serving the portal at http://$(HOST):$(PORT)/, public address $$BASE_URL (Ctrl+C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# axe-core for the browser tests and vnu.jar for the HTML check come from the npm registry
# (skipped without npm/chromium/java). No install scripts: vnu-jar's would fetch a Java runtime.
tests/browser/node_modules/axe-core/axe.min.js: tests/browser/package-lock.json
	command -v npm >/dev/null && npm ci --prefix tests/browser --no-audit --no-fund --silent --ignore-scripts || true

# The tests run in parallel processes (pytest-xdist); TEST_WORKERS=0 runs them in this one.
TEST_WORKERS ?= auto
test: install tests/browser/node_modules/axe-core/axe.min.js
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup

# Benchmarks print figures; they are not tests. Point DATABASE_URL at PostgreSQL.
# `make bench BENCH_SIZES=10000` for a quick run; BENCH_HTTP_ARGS e.g. "--duration 5".
# The HTTP benchmark creates and drops its own database (portal_bench_http; BENCH_ADMIN_URL).
BENCH_SIZES ?= 10000 100000
# The search benchmark needs an empty PostgreSQL database of its own (created if missing).
BENCH_SEARCH_URL ?= postgres://portal:portal@127.0.0.1:5432/portal_bench
BENCH_ADMIN_URL ?= postgres://portal:portal@127.0.0.1:5432/postgres
bench: install
	@echo "== HTTP speed: gunicorn + wrk over generated content, against a bare Django view"
	BENCH_ADMIN_URL=$(BENCH_ADMIN_URL) $(PY) scripts/bench.py --sizes $(BENCH_SIZES) $(BENCH_HTTP_ARGS)
	@echo "== evidence search: indexing and query latency over generated entries"
	-psql "$(BENCH_ADMIN_URL)" -qc "CREATE DATABASE portal_bench" 2>/dev/null
	DATABASE_URL=$(BENCH_SEARCH_URL) SECRET_KEY=$${SECRET_KEY:-bench-only-key} $(PY) manage.py createcachetable
	DATABASE_URL=$(BENCH_SEARCH_URL) SECRET_KEY=$${SECRET_KEY:-bench-only-key} $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_SEARCH_URL) SECRET_KEY=$${SECRET_KEY:-bench-only-key} $(PY) manage.py bench_search --sizes $(BENCH_SIZES) $(BENCH_ARGS)
	@echo "== page weight (demo content on the default SQLite database)"
	env -u DATABASE_URL DEBUG=1 $(MAKE) --no-print-directory setup >/dev/null
	env -u DATABASE_URL DEBUG=1 $(PY) manage.py page_weight

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

clean-db:
	rm -f var/db.sqlite3 var/db.sqlite3-wal var/db.sqlite3-shm var/demo-admin-password.txt

# Backups (README "Backups"): database + MEDIA_ROOT into var/backups/<UTC time>/ (or BACKUP_DIR);
# `make restore BACKUP=<that folder>` checks it, asks, then restores (RESTORE_ARGS=--noinput).
.PHONY: backup restore
backup:
	$(PY) manage.py backup $(if $(BACKUP_DIR),--dir "$(BACKUP_DIR)")

restore:
	@test -n "$(BACKUP)" || { echo "Say which backup to restore: make restore BACKUP=var/backups/<folder> (the folder 'make backup' printed; ls var/backups)." >&2; exit 2; }
	$(PY) manage.py restore "$(BACKUP)" $(RESTORE_ARGS)

# Load and fault scripts (issue 12): each starts its own PostgreSQL cluster and gunicorn on
# 127.0.0.1, is bounded in time, prints what it checked, and fails on any failed check.
# Needs wrk (Debian package) and the PostgreSQL server binaries; mounts a tmpfs when root.
.PHONY: faults
faults: install
	$(PY) scripts/faults/run_all.py $(FAULTS)
