# hodo — two commands on a fresh machine: `make run` and `make test`.
# Each creates or refreshes .venv itself; refreshing is a no-op when
# pyproject.toml has not changed since the last install.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.install-stamp
PORT   ?= 3000

.PHONY: install run test ui bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,dask,mecab]'
	@touch $(STAMP)

run: install
	$(VENV)/bin/hodo run --input data/samples --db warehouse/hodo.duckdb --json-summary warehouse/summary.json

test: install
	$(PY) -m pytest -q

ui: install
	$(VENV)/bin/hodo ui --port $(PORT)

# The 5 MB benchmark (bench/out/bench.md); `make bench ARGS=--quick` for 0.5 MB.
bench: install
	$(PY) bench/run_bench.py $(ARGS)
	$(PY) bench/gx_memory.py

clean:
	rm -rf warehouse data_docs .pytest_cache
