# lexiscan: `make help` lists the targets.
.DEFAULT_GOAL := help
CARGO ?= cargo
SHARED ?= ../shared/data

.PHONY: help demo test python-test bench lint fuzz default-gazetteer

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

demo: ## the main job on the built-in defaults: both engines over the bundled sample corpus
	$(CARGO) build --release --quiet --features cli --bin lexiscan
	@echo "== mentions found by the built-in gazetteer in data/sample/sample.jsonl (first 25) =="
	@./target/release/lexiscan find data/sample/sample.jsonl | head -n 26
	@echo "== mentions per label =="
	@./target/release/lexiscan find data/sample/sample.jsonl | awk -F'\t' 'NR > 1 {n[$$5]++} END {for (l in n) printf "  %-12s %d\n", l, n[l]}' | sort
	@echo "== numbers and quantities in data/sample/sample.jsonl (first 25) =="
	@./target/release/lexiscan quantities data/sample/sample.jsonl | head -n 26 | cut -f 2-
	@echo "== quantities per kind and dimension =="
	@./target/release/lexiscan quantities data/sample/sample.jsonl | awk -F'\t' 'NR > 1 {n[$$5 " " $$9]++} END {for (l in n) printf "  %-24s %d\n", l, n[l]}' | sort

test: ## every test: Rust (unit, integration, property, doc) and Python (pytest, stubtest)
	$(CARGO) test --features cli
	$(CARGO) check --all-features --all-targets
	$(MAKE) python-test

VENV ?= .venv
PY := $(VENV)/bin/python
# maturin's build backend runs the `maturin` program it installed into the venv.
VENV_PATH := PATH="$(abspath $(VENV))/bin:$$PATH"

$(VENV)/.ready: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip "maturin>=1.9,<2"
	touch $@

python-test: $(VENV)/.ready ## build the module with `pip install .` into .venv, run pytest and stubtest
	$(VENV_PATH) $(PY) -m pip install -q --no-build-isolation --force-reinstall --no-deps .
	$(VENV_PATH) $(PY) -m pip install -q --no-build-isolation ".[test]"
	$(PY) -m pytest -q tests/python
	$(PY) -m mypy.stubtest lexiscan._lexiscan

bench: ## criterion benchmarks (uses ../shared/data when present)
	$(CARGO) bench --bench gazetteer
	$(CARGO) bench --bench quantity

lint: ## formatting and clippy
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-features --all-targets -- -D warnings

fuzz: ## one minute of fuzzing each target, gazetteer and quantity (needs cargo-fuzz)
	cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run gazetteer -- -max_total_time=60
	cd fuzz && mkdir -p corpus/quantity && RUSTC_BOOTSTRAP=1 cargo fuzz run quantity corpus/quantity seeds/quantity -- -max_total_time=60

default-gazetteer: ## rebuild data/default_gazetteer.jsonl.gz from ../shared/data
	python3 scripts/build_default_gazetteer.py --shared $(SHARED) --out data/default_gazetteer.jsonl.gz
