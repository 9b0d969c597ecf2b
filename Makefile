# The two commands of the README:
#   make serve   set up, build the bundled corpus, serve it on http://127.0.0.1:8000/
#   make test    set up and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 8000
OUT    ?= out

.PHONY: install serve build test test-fast test-deps lint docs golden bench bench-scale clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/kg

install: $(BIN)/kg

build: install
	$(BIN)/kg build --out $(OUT)

serve: build
	$(BIN)/kg serve $(OUT) --port $(PORT)

test-deps: install
	VENV=$(VENV) bash scripts/test-deps.sh

# Everything: style, the architecture contracts (pyproject.toml), the type baseline, the
# whole suite with the doctests of kg/, and the slowest tests named.
test: install test-deps lint
	$(BIN)/pytest --doctest-modules tests kg --durations=15

# While working: the same checks without the tests marked slow (whole builds, servers).
test-fast: install lint
	$(BIN)/pytest --doctest-modules tests kg -m "not slow"

lint: install
	$(BIN)/ruff check kg tests benchmarks scripts
	$(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/type_baseline.py

# The command-line reference, generated from every command's --help (tests/test_docs.py checks it).
docs: install
	$(BIN)/python scripts/cli_docs.py > docs/cli.md.tmp && mv docs/cli.md.tmp docs/cli.md

golden: install
	$(BIN)/pytest tests/test_golden.py --update-golden

bench: install
	$(BIN)/python benchmarks/serve_bench.py

# Scale: generated corpora of SIZES resolutions built, validated, loaded and published to the
# external stores (Virtuoso from Debian, Oxigraph's server from pip; skipped when absent).
SIZES ?= 1000 5000
bench-scale: install
	$(BIN)/pip install -q "oxigraph>=0.5"
	$(BIN)/python benchmarks/scale.py --sizes $(SIZES) --publish oxigraph virtuoso

clean:
	rm -rf $(OUT) $(VENV) .pytest_cache .ruff_cache
