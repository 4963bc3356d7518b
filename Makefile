# eventwire — `make run` (set up + run on the bundled samples), `make test` (set up + tests).
PYTHON ?= python3.11
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= eventwire.db
STAMP   = $(VENV)/.installed

.PHONY: setup run test test-fast bench clean

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 (or make PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	$(BIN)/python -c "from eventwire.nlp.gazetteer import Gazetteer; Gazetteer.load()"  # builds the gazetteer cache once
	@touch $(STAMP)

run: setup
	$(BIN)/eventwire extract samples/ --published-from-file --summary

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(DB) test-artifacts
