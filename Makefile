# newsweave: `make demo` runs the bundled example, `make test` runs the fast tests.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test test-all lint bench browser clean

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "python3.11 not found; set PY=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	rm -f out/newsweave.db
	$(BIN)/newsweave run examples/ --out out/ --db out/newsweave.db
	@echo
	@echo "Report written to out/report.md, out/report.json and out/report.html"
	@echo "Open it in the browser:  $(BIN)/newsweave serve --db out/newsweave.db   (then visit http://127.0.0.1:8000)"
	@echo "or open the static page: xdg-open out/report.html"

test: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" -q -p no:cacheprovider

test-all: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }

clean:
	rm -rf out build dist *.egg-info
