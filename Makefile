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
test: $(VENV)/.dev ## Run every test (includes `make check` and `make test-floor`)
	$(MAKE) --no-print-directory check
	$(PY) -m pytest -p no:cacheprovider --hypothesis-profile=$(HYPOTHESIS_PROFILE)
	$(MAKE) --no-print-directory test-floor

# The oldest Hypothesis the generated strategies support (README: Requirements), and the tests
# that exercise them: every module imported under -W error, strategies against validators,
# botocore and dataclasses, page sequences, stubs, and the translated patterns' strategies.
HYPOTHESIS_FLOOR := 6.150.0
STRATEGY_TESTS := tests/test_generated_imports.py tests/test_properties.py \
	tests/test_regex.py::test_spec_patterns_translated_draw_whole_matches \
	tests/test_regex.py::test_translated_patterns_draw_whole_matches \
	tests/test_conformance.py::test_generated_stubs_conform \
	tests/test_conformance.py::test_default_stubs_pass_every_health_check \
	tests/test_conformance.py::test_stub_serves_its_listing_through_our_paginator \
	tests/test_conformance_phases.py::test_the_stubs_pass_every_phase \
	tests/test_conformance_phases.py::test_the_example_database_is_used_when_given \
	tests/test_conformance_phases.py::test_a_finding_that_does_not_fail_again_says_so
# A virtualenv $(3) of python $(1) with the test dependencies, Hypothesis replaced by $(2) (the
# project pins another), and the stamp $(4).
define strategy-venv
	rm -rf $(3)
	$(1) -m venv $(3)
	$(3)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(3)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps hypothesis==$(2)
	touch $(4)
endef
strategy-tests = $(1)/bin/python -m pytest -p no:cacheprovider \
	--hypothesis-profile=$(HYPOTHESIS_PROFILE) $(STRATEGY_TESTS)
FLOOR_VENV := .venv-floor

$(FLOOR_VENV)/.hypothesis-$(HYPOTHESIS_FLOOR): pyproject.toml
	$(call strategy-venv,$(PYTHON),$(HYPOTHESIS_FLOOR),$(FLOOR_VENV),$@)

.PHONY: test-floor
test-floor: $(FLOOR_VENV)/.hypothesis-$(HYPOTHESIS_FLOOR) ## The strategy tests with the oldest Hypothesis supported
	$(call strategy-tests,$(FLOOR_VENV))

# Each Python with the floor and with the Hypothesis the project pins.
MATRIX_PYTHONS ?= 3.11 3.12 3.13
HYPOTHESIS_PIN = $(firstword $(shell sed -n 's/^ *"hypothesis==\([^"]*\)",.*/\1/p' pyproject.toml))
# pyenv's interpreter of that version if there is one, else the one on PATH.
python-of = $(firstword $(wildcard $(HOME)/.pyenv/versions/$(1).*/bin/python$(1)) python$(1))

.venv-matrix/%/.base: pyproject.toml
	$(call strategy-venv,$(call python-of,$*),$(HYPOTHESIS_PIN),.venv-matrix/$*,$@)

.PHONY: test-matrix
test-matrix: $(MATRIX_PYTHONS:%=.venv-matrix/%/.base) ## The strategy tests on Python 3.11-3.13, each with the floor and the pinned Hypothesis
	@failed=""; for python in $(MATRIX_PYTHONS); do for hypothesis in $(HYPOTHESIS_FLOOR) $(HYPOTHESIS_PIN); do \
	  venv=.venv-matrix/$$python; \
	  $$venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps hypothesis==$$hypothesis; \
	  echo "=== Python $$($$venv/bin/python -V | cut -d' ' -f2), Hypothesis $$hypothesis"; \
	  $(call strategy-tests,$$venv) -q || failed="$$failed $$python/$$hypothesis"; \
	done; done; \
	if [ -n "$$failed" ]; then echo "test-matrix: failed on$$failed" >&2; exit 1; fi

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

.PHONY: generate-botocore
generate-botocore: $(VENV)/.dev ## Import every botocore service format 1 takes and generate them all from scratch (timed; long)
	$(PY) -m tests.every_service --specs build/every-specs --out build/every/generated_every

.PHONY: test-all
test-all: $(VENV)/.dev ## Test the output of `make generate-all`: imports, ruff, mypy --strict, every operation
	$(PY) -m tests.whole_services --out $(ALL_OUT) --package $(ALL_PACKAGE) --examples 10
	$(VENV)/bin/ruff check $(ALL_OUT)/$(ALL_PACKAGE)
	cd $(ALL_OUT) && $(CURDIR)/$(VENV)/bin/mypy --strict --cache-dir .mypy_cache $(ALL_PACKAGE)

.PHONY: test-protocol-services
test-protocol-services: $(VENV)/.dev ## The cbor-only and query-compatible services whole: import, generate, -W error, ruff, mypy --strict, every operation
	$(PY) -m tests.protocol_services --out build/protocols --examples 10

.PHONY: drift
drift: $(VENV)/.dev ## Compare specs with the installed botocore model
	$(PY) -m generator drift

.PHONY: bench
bench: $(VENV)/.bench ## Benchmarks against the libraries a user would pick instead (a report)
	$(PY) -m benchmarks

.PHONY: clean
clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) $(FLOOR_VENV) .venv-matrix .mypy_cache .ruff_cache .pytest_cache .hypothesis $(ALL_SPECS) $(ALL_OUT) build/protocols
