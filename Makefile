# One command to install and run the demo, one to run the tests (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= demo.duckdb

.PHONY: install demo test lint eval bench docs clean

$(BIN)/dateline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/dateline

demo: install
	$(BIN)/dateline ingest demo/ --db $(DB)
	$(BIN)/dateline show --all --db $(DB)
	$(BIN)/dateline stories --db $(DB)

lint: install
	$(BIN)/ruff check src tests eval bench

test: lint
	bash scripts/test-deps.sh
	$(BIN)/python -m pytest -q
	$(BIN)/dateline eval all --check
	$(BIN)/python bench/bench_length.py --quick

eval: install
	$(BIN)/dateline eval all

bench: install
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_length.py
	$(BIN)/python bench/bench_linking.py

docs: install
	$(BIN)/dateline schema --output docs/record.schema.json
	$(BIN)/python docs/gen_cli.py > docs/cli.md

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .ruff_cache
