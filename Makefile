# eventwire — `make run` (set up + run on the bundled samples), `make test` (set up + tests).
PYTHON ?= python3.11
VENV   ?= .venv
BIN     = $(VENV)/bin
DB     ?= eventwire.db
STAMP   = $(VENV)/.installed

.PHONY: setup run test test-fast bench clean browser

setup: $(STAMP) node_modules/.installed browser

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11 (or make PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	$(BIN)/python -c "from eventwire.nlp.gazetteer import Gazetteer; Gazetteer.load()"  # builds the gazetteer cache once
	@touch $(STAMP)

# Front-end packages the web page serves from /vendor (leaflet, world-atlas, topojson-client).
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm; else echo "npm not found: install Node.js and npm (apt-get install nodejs npm)"; exit 1; fi; }
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# Debian's chromium drives the page tests (never a browser a tool downloads itself).
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	  || echo "warning: could not install chromium; the browser tests will skip"; fi

run: setup
	$(BIN)/eventwire ingest samples/ --db $(DB)
	$(BIN)/eventwire events --db $(DB) --limit 20
	$(BIN)/eventwire stats --db $(DB)

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(DB) test-artifacts node_modules
