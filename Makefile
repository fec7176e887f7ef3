# The two commands: `make demo` and `make test`. Both bootstrap what they need on a fresh machine.
PY := .venv/bin/python
STAMP := .venv/.installed
BUILD := build
# the web benchmark builds its store once (about 10 min at 100k) and reuses it
BENCH_WEB_STORIES ?= 100000
BENCH_CHARS ?= 200000

.PHONY: help setup demo test check fix eval bench clean

help:  ## list targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml scripts/setup-system.sh
	sh scripts/setup-system.sh
	python3 -m venv .venv
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -e ".[dev,web,dask,postgres]"
	touch $(STAMP)

setup: $(STAMP)  ## venv + system packages + editable install with all extras

demo: $(STAMP)  ## run the main job on the built-in demo corpus
	@mkdir -p $(BUILD)
	.venv/bin/kizashi run examples/corpus --db $(BUILD)/demo.db --export $(BUILD)/demo.jsonl --report $(BUILD)/report.html || [ $$? -eq 3 ]
	@echo "database: $(CURDIR)/$(BUILD)/demo.db"
	@echo "export:   $(CURDIR)/$(BUILD)/demo.jsonl"
	@echo "report:   $(CURDIR)/$(BUILD)/report.html"

check: $(STAMP)  ## lint, types and the whole test suite (what CI runs)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest $(ARGS)

test: check  ## the same as check

fix: $(STAMP)  ## autofix lint + format
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

eval: $(STAMP)  ## score ../shared's sets against their gold (ARGS="--misses FILE", "--record")
	$(PY) scripts/evaluate.py $(ARGS)

bench: $(STAMP)  ## benchmarks (corpus size: BENCH_CHARS; memory at BENCH_MEMORY_SIZES documents; web at BENCH_WEB_STORIES)
	BENCH_CHARS=$(BENCH_CHARS) $(PY) benchmarks/run.py
	$(PY) benchmarks/bench_memory.py
	$(PY) benchmarks/bench_web.py --stories $(BENCH_WEB_STORIES) --requests 30 --db $(BUILD)/bench_web_$(BENCH_WEB_STORIES).db
	$(PY) benchmarks/bench_web.py --stories $(BENCH_WEB_STORIES) --requests 10 --cold --db $(BUILD)/bench_web_$(BENCH_WEB_STORIES).db

clean:  ## remove build outputs (keeps .venv)
	rm -rf $(BUILD) .mypy_cache .pytest_cache .ruff_cache
