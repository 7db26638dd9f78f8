# lexiscan: `make help` lists the targets.
.DEFAULT_GOAL := help
CARGO ?= cargo
SHARED ?= ../shared/data

.PHONY: help demo test python-test bench bench-peers bench-extract eval needs-shared lint fuzz default-gazetteer

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
	@./target/release/lexiscan extract data/sample/sample.jsonl -q | head -n 1 | cut -c 1-600
	@echo "… (the first line, cut at 600 characters)"

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
	$(PY) -m pip install -q --upgrade pip wheel "maturin>=1.9,<2"  # wheel: pyspark is an sdist
	touch $@

python-test: $(VENV)/.lexiscan ## build the module with `pip install .` into .venv, run pytest and stubtest
	$(VENV_PATH) $(PY) -m pip install -q --no-build-isolation ".[test]"
	$(PY) -m pytest -q tests/python
	$(PY) -m mypy.stubtest lexiscan._lexiscan

# lexiscan built into .venv (release, as `pip install .` builds it), for the tests, the
# benchmarks and the evaluation; rebuilt when a source changes.
$(VENV)/.lexiscan: $(VENV)/.ready Cargo.toml Cargo.lock pyproject.toml $(shell find src python data -type f -not -name '*.so' -not -path '*/__pycache__/*')
	$(VENV_PATH) $(PY) -m pip install -q --no-build-isolation ".[arrow]"
	touch $@

# The peers live in their own environments, never among lexiscan's dependencies.
PEERS := .venv-peers
PEERS_QUANTITY := .venv-peers-quantity

$(PEERS)/.ready: benches/peers/requirements-gazetteer.txt
	python3 -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install -q -r $<
	touch $@

$(PEERS_QUANTITY)/.ready: benches/peers/requirements-quantity.txt
	python3 -m venv $(PEERS_QUANTITY)
	$(PEERS_QUANTITY)/bin/python -m pip install -q -r $<
	touch $@

needs-shared:
	@test -d $(SHARED) || { echo "this target needs the corpora and gazetteers in $(SHARED)"; exit 2; }

bench: ## criterion benchmarks of the engines and the whole pipeline (target/criterion)
	$(CARGO) bench

bench-peers: needs-shared $(VENV)/.lexiscan $(PEERS)/.ready $(PEERS_QUANTITY)/.ready ## lexiscan against the Python peers: speed tables, plots, docs/benchmarks.md, README headline
	$(PY) benches/peers/gazetteer_python.py --out benches/peers/results/gazetteer-lexiscan.json
	$(PEERS)/bin/python benches/peers/gazetteer_python.py --out benches/peers/results/gazetteer-peers.json
	$(PY) benches/peers/quantity_python.py
	$(PEERS_QUANTITY)/bin/python benches/peers/quantity_python.py
	$(PEERS)/bin/python benches/peers/report.py

bench-extract: needs-shared ## the corpus tool over Reuters: one thread against two, memory over gigabytes (README table, benches/results/extract.json)
	$(CARGO) build --release --quiet --features cli --bin lexiscan
	python3 benches/extract.py

# Runs a command and keeps its markdown report (stdout) only when it succeeds.
report = $(1) > $(2).tmp && mv $(2).tmp $(2) && cat $(2)

eval: needs-shared $(VENV)/.lexiscan $(PEERS)/.ready $(PEERS_QUANTITY)/.ready ## accuracy against the peers: quantities, entities, agreement (eval/results/*.md and *.json)
	mkdir -p target/eval
	$(PY) eval/quantity_predict.py --engine lexiscan --out target/eval/quantity-lexiscan.jsonl
	for engine in quantulum3 recognizers duckling; do \
	  $(PEERS_QUANTITY)/bin/python eval/quantity_predict.py --engine $$engine --out target/eval/quantity-$$engine.jsonl || exit 1; \
	done
	$(call report,python3 eval/quantity_score.py $(foreach e,lexiscan quantulum3 recognizers duckling,target/eval/quantity-$(e).jsonl),eval/results/quantities.md)
	$(call report,$(PY) eval/entities.py,eval/results/entities.md)
	$(call report,$(PY) eval/agreement.py --peer-python $(PEERS)/bin/python,eval/results/agreement.md)

lint: ## formatting, clippy and the documentation's links
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-features --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --document-private-items --all-features

fuzz: ## one minute of fuzzing each target, gazetteer and quantity (needs cargo-fuzz)
	cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run gazetteer -- -max_total_time=60
	cd fuzz && mkdir -p corpus/quantity && RUSTC_BOOTSTRAP=1 cargo fuzz run quantity corpus/quantity seeds/quantity -- -max_total_time=60

default-gazetteer: ## rebuild data/default_gazetteer.jsonl.gz from ../shared/data
	python3 scripts/build_default_gazetteer.py --shared $(SHARED) --out data/default_gazetteer.jsonl.gz
