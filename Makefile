# wikilint: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SEED   := $(wildcard seeds/*.txt)

.PHONY: run test install install-test wiki-deps bench fuzz scaling clean catalogue lint typecheck install-lint

## make run: create the virtualenv, install wikilint, lint the seed article
run: install
	$(BIN)/wikilint check $(SEED) || [ $$? -eq 1 ]

## make test: install everything the tests need (MediaWiki, PySpark), run them all
test: install-test
	WIKILINT_REQUIRE_WIKI=1 WIKILINT_REQUIRE_SPARK=1 $(BIN)/python -m pytest -q

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -e .

install-test: $(BIN)/python wiki-deps
	$(BIN)/python -m pip install -q -e '.[test,spark,parquet]'

## MediaWiki, PHP and SQLite from Debian's packages, for the real-wiki tests;
## Chromium, chromedriver and CJK fonts for the web tool's browser tests
wiki-deps:
	bash tests/mediawiki/install.sh
	bash tests/web/install.sh

bench: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/run.py

## make fuzz: a long fuzzing run (FUZZ_INPUTS inputs, every rule, both profiles)
FUZZ_INPUTS ?= 100000
fuzz: install-fuzz
	$(BIN)/python bench/fuzz.py --inputs $(FUZZ_INPUTS) --out fuzz-defects

## make scaling: time per MB of each rule as pages double from 10 KB to 5 MB
scaling: install-fuzz
	$(BIN)/python bench/scaling.py

install-fuzz: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'

## make typecheck: mypy on wikilint.rules and wikilint.bot, imports resolved (see .ci/typecheck)
typecheck: install-lint
	MYPY=$(BIN)/mypy bash .ci/typecheck

## make lint: ruff's checks, ruff's formatting (checked, not applied) and the type check;
## all run, any fails it (`ruff format bot rules` applies the formatting)
lint: install-lint
	status=0; $(BIN)/ruff check bot rules || status=1; \
	$(BIN)/ruff format --check bot rules || status=1; \
	MYPY=$(BIN)/mypy bash .ci/typecheck || status=1; exit $$status

install-lint: $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[lint]'

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis .mypy_cache .ruff_cache fuzz-defects

## make catalogue: rewrite the README's rule table from the installed rules
catalogue: install
	$(BIN)/python -c "import re,pathlib; from wikilint.bot.commands.rules import catalogue_markdown; from wikilint.bot.registry import load_catalogue; p=pathlib.Path('README.md'); s=p.read_text(); p.write_text(re.sub(r'(<!-- rule-catalogue -->\n).*?(<!-- /rule-catalogue -->)', lambda m: m.group(1)+catalogue_markdown(load_catalogue())+m.group(2), s, flags=re.S))"
