# lexiscan: `make help` lists the targets.
.DEFAULT_GOAL := help
CARGO ?= cargo
SHARED ?= ../shared/data

.PHONY: help demo test python-test bench lint fuzz default-gazetteer

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

demo: ## the main job on the built-in defaults: lexiscan extract over the bundled sample corpus
	$(CARGO) build --release --quiet --features cli --bin lexiscan
	@echo "== lexiscan extract data/sample/sample.jsonl (built-in world gazetteer + quantities) =="
	@./target/release/lexiscan extract data/sample/sample.jsonl --output-format tsv -o target/demo.tsv
	@echo "== some entities (target/demo.tsv has one row per mention) =="
	@grep -m 8 "$$(printf '\tentity\t')" target/demo.tsv | cut -f 1-7
	@echo "== some quantities: doc, type, start, end, text, kind, value, upper, unit, dimension, si_value, si_unit, qualifier, counted =="
	@grep "$$(printf '\tquantity\t')" target/demo.tsv | grep -v -m 10 "$$(printf '\tordinal\t')" | cut -f 1-5,8-16
	@echo "== the same corpus as JSONL, one line per document: lexiscan extract data/sample/sample.jsonl =="

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

bench: ## criterion benchmarks: gazetteer, quantities, the whole pipeline (uses ../shared/data when present)
	$(CARGO) bench --bench gazetteer
	$(CARGO) bench --bench quantity
	$(CARGO) bench --bench pipeline

lint: ## formatting and clippy
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-features --all-targets -- -D warnings

fuzz: ## one minute of fuzzing each target, gazetteer and quantity (needs cargo-fuzz)
	cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run gazetteer -- -max_total_time=60
	cd fuzz && mkdir -p corpus/quantity && RUSTC_BOOTSTRAP=1 cargo fuzz run quantity corpus/quantity seeds/quantity -- -max_total_time=60

default-gazetteer: ## rebuild data/default_gazetteer.jsonl.gz from ../shared/data
	python3 scripts/build_default_gazetteer.py --shared $(SHARED) --out data/default_gazetteer.jsonl.gz
