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
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.dev: $(VENV)/.base
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

$(VENV)/.bench: $(VENV)/.dev
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	touch $@

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

.PHONY: generate
generate: $(VENV)/.base ## Generate generated/ from specs/ (the main job)
	$(PY) -m generator generate

.PHONY: check
check: $(VENV)/.dev ## Up-to-date check, ruff, black --check, mypy --strict
	$(PY) -m generator generate --check
	$(VENV)/bin/ruff check generator generated tests
	$(VENV)/bin/black --check --quiet generator generated tests
	$(VENV)/bin/mypy --strict generator generated

.PHONY: test
test: $(VENV)/.dev ## Run every test (includes `make check`)
	$(MAKE) --no-print-directory check
	$(PY) -m pytest -p no:cacheprovider --hypothesis-profile=$(HYPOTHESIS_PROFILE)

.PHONY: drift
drift: $(VENV)/.dev ## Compare specs with the installed botocore model
	$(PY) -m generator drift

.PHONY: bench
bench: $(VENV)/.bench ## Benchmarks against the libraries a user would pick instead (a report)
	$(PY) -m benchmarks

.PHONY: clean
clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
