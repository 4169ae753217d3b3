# aws-ml-contracts: `make generate` and `make test` are all a fresh machine needs.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Hypothesis profile for the test run: `ci` (bounded, derandomized) unless told otherwise.
HYPOTHESIS_PROFILE ?= ci
export PYTHONDONTWRITEBYTECODE := 1

$(VENV)/.base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[botocore]'
	touch $@

$(VENV)/.dev: $(VENV)/.base
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

$(VENV)/.bench: $(VENV)/.dev
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	touch $@

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# The golden record (tests/golden/everything.yaml: every kind and feature of the spec format),
# committed as generated, so that a change to the generator shows in its diff.
GOLDEN_SPECS := tests/golden
GOLDEN_OUT := tests/golden/out/golden_pkg

.PHONY: generate
generate: $(VENV)/.base ## Generate generated/ from specs/ (the main job), and the golden record
	$(PY) -m generator generate
	$(MAKE) --no-print-directory golden

.PHONY: golden
golden: $(VENV)/.base ## Generate the golden record tests/golden/out/ from tests/golden/*.yaml
	$(PY) -m generator generate --specs $(GOLDEN_SPECS) --out $(GOLDEN_OUT)

.PHONY: check
check: $(VENV)/.dev ## Up-to-date check, ruff, black --check, mypy --strict
	$(PY) -m generator generate --check
	$(PY) -m generator generate --specs $(GOLDEN_SPECS) --out $(GOLDEN_OUT) --check
	$(VENV)/bin/ruff check generator generated tests benchmarks
	$(VENV)/bin/black --check --quiet generator generated tests benchmarks
	$(VENV)/bin/mypy --strict generator generated $(GOLDEN_OUT)

.PHONY: test
test: $(VENV)/.dev ## Run every test (includes `make check`)
	$(MAKE) --no-print-directory check
	$(PY) -m pytest -p no:cacheprovider --hypothesis-profile=$(HYPOTHESIS_PROFILE)

# Whole services (not committed): specs imported from botocore, generated into a package of
# their own, so that growth beyond the five committed operations is tested.
ALL_SPECS := build/all-specs
ALL_OUT := build/all
ALL_PACKAGE := generated_all

.PHONY: generate-all
generate-all: $(VENV)/.dev ## Import whole Bedrock and Clean Rooms ML and generate them into build/all/ (timed)
	$(PY) -m generator import-botocore bedrock --all --out $(ALL_SPECS)/bedrock.yaml
	$(PY) -m generator import-botocore cleanroomsml --all --out $(ALL_SPECS)/cleanroomsml.yaml
	$(PY) -m generator generate --specs $(ALL_SPECS) --out $(ALL_OUT)/$(ALL_PACKAGE) --timings > /dev/null

.PHONY: test-all
test-all: $(VENV)/.dev ## Test the output of `make generate-all`: imports, ruff, mypy --strict, every operation
	$(PY) -m tests.whole_services --out $(ALL_OUT) --package $(ALL_PACKAGE) --examples 10
	$(VENV)/bin/ruff check $(ALL_OUT)/$(ALL_PACKAGE)
	cd $(ALL_OUT) && $(CURDIR)/$(VENV)/bin/mypy --strict --cache-dir .mypy_cache $(ALL_PACKAGE)

.PHONY: drift
drift: $(VENV)/.dev ## Compare specs with the installed botocore model
	$(PY) -m generator drift

.PHONY: bench
bench: $(VENV)/.bench ## Benchmarks against the libraries a user would pick instead (a report)
	$(PY) -m benchmarks

.PHONY: clean
clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis $(ALL_SPECS) $(ALL_OUT)
