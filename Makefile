# Alatau — the two set-up commands are `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-postgres bench lint migrate demo clean

install: $(STAMP)
	@$(BIN)/python -m alatau.terrain.compiled

# Re-installs only when pyproject.toml changes: `make install` is idempotent.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

migrate: install
	$(BIN)/alatau manage migrate --noinput

demo: migrate
	$(BIN)/alatau demo --once

run: demo
	$(BIN)/alatau serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-postgres: install
	scripts/with-postgres.sh $(BIN)/python -m pytest -n 2 --dist loadgroup tests/web

bench: install
	$(BIN)/python -m benchmarks

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy alatau

clean:
	rm -rf $(VENV) var build *.egg-info
