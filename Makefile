# The project's habits. `make setup run` is the README's first command, `make test` its second.
PYTHON ?= .venv/bin/python

.PHONY: setup run test lint examples bench docs clean

setup:
	test -x $(PYTHON) || python3 -m venv .venv
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e ".[dev]"

run:
	$(PYTHON) -m pipeline.cli ingest data/raw --out data/processed

test:
	$(PYTHON) -m pytest -q

lint:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

examples:
	$(PYTHON) scripts/make_examples.py --out data/raw

docs:
	$(PYTHON) -m rules.loader > docs/rules.md

bench:
	$(PYTHON) bench/run.py

clean:
	rm -rf data/processed/* data/processed/.boardpapers bench/.corpus
