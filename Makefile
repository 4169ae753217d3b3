# aws-ml-contracts: `make generate` and `make test` are all a fresh machine needs.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Hypothesis profile for the test run: `ci` (bounded, derandomized) unless told otherwise.
HYPOTHESIS_PROFILE ?= ci
# pytest's worker processes (pytest-xdist): one per core unless told otherwise; 0 runs in-process.
TEST_WORKERS ?= auto
PYTEST = -m pytest -p no:cacheprovider --hypothesis-profile=$(HYPOTHESIS_PROFILE) \
	--numprocesses=$(TEST_WORKERS) --dist=loadfile
export PYTHONDONTWRITEBYTECODE := 1
# The generator itself runs with its bytecode kept (under .venv, outside the checkout), as an
# installed tool's is: compiling its modules again on every run would cost more than a run
# whose output is all cached. Tests keep writing no bytecode, so that a module they rewrite
# within the same second is never read from a stale .pyc.
GENERATOR := env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(CURDIR)/$(VENV)/pycache \
	$(PY) -m generator

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
	$(GENERATOR) generate
	$(MAKE) --no-print-directory golden

.PHONY: golden
golden: $(VENV)/.base ## Generate the golden record tests/golden/out/ from tests/golden/*.yaml
	$(GENERATOR) generate --specs $(GOLDEN_SPECS) --out $(GOLDEN_OUT)

.PHONY: check
check: $(VENV)/.dev ## Up-to-date check, ruff, black --check, mypy --strict
	$(GENERATOR) generate --check
	$(GENERATOR) generate --specs $(GOLDEN_SPECS) --out $(GOLDEN_OUT) --check
	$(VENV)/bin/ruff check generator generated tests benchmarks
	$(VENV)/bin/black --check --quiet generator generated tests benchmarks
	$(VENV)/bin/mypy --strict generator generated $(GOLDEN_OUT)

.PHONY: test
test: $(VENV)/.dev ## Run every test (includes `make check` and `make test-floor`)
	$(MAKE) --no-print-directory check
	$(PY) $(PYTEST) -m "not every_service"
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
strategy-tests = $(1)/bin/python $(PYTEST) $(STRATEGY_TESTS)
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
	$(GENERATOR) import-botocore bedrock --all --out $(ALL_SPECS)/bedrock.yaml
	$(GENERATOR) import-botocore cleanroomsml --all --out $(ALL_SPECS)/cleanroomsml.yaml
	$(GENERATOR) generate --specs $(ALL_SPECS) --out $(ALL_OUT)/$(ALL_PACKAGE) --timings > /dev/null

.PHONY: generate-botocore
generate-botocore: $(VENV)/.dev ## Import every botocore service format 1 takes and generate them all from scratch (timed; long)
	$(PY) -m tests.every_service --specs build/every-specs --out build/every/generated_every

.PHONY: test-botocore
test-botocore: $(VENV)/.dev ## Every botocore service: import (the census), generate from scratch, -W error, mypy --strict on a sample, a bounded property run on every operation (long)
	$(PY) -m tests.botocore_run --out build/botocore --examples $(or $(BOTOCORE_EXAMPLES),2)

.PHONY: census
census: $(VENV)/.dev ## Every botocore service imported with --all and asserted (tests/test_botocore_census.py whole; `make test` walks a sample)
	$(PY) -m pytest -p no:cacheprovider -m every_service -s tests/test_botocore_census.py

.PHONY: test-all
test-all: $(VENV)/.dev ## Test the output of `make generate-all`: imports, ruff, mypy --strict, every operation
	$(PY) -m tests.whole_services --out $(ALL_OUT) --package $(ALL_PACKAGE) --examples 10
	$(VENV)/bin/ruff check $(ALL_OUT)/$(ALL_PACKAGE)
	cd $(ALL_OUT) && $(CURDIR)/$(VENV)/bin/mypy --strict --cache-dir .mypy_cache $(ALL_PACKAGE)

STREAM_OUT := build/streams
STREAM_SERVICES := bedrock-runtime bedrock-agent-runtime

.PHONY: test-streams
test-streams: $(VENV)/.dev ## Bedrock Runtime and Agent Runtime whole (blob payloads, event streams): import with nothing left out, generate, -W error, mypy --strict, a property run on every streaming operation
	rm -rf $(STREAM_OUT)/specs && mkdir -p $(STREAM_OUT)/specs
	for service in $(STREAM_SERVICES); do \
	  spec=$(STREAM_OUT)/specs/$$(echo $$service | tr - _).yaml; \
	  $(PY) -m generator import-botocore $$service --all --out $$spec || exit 1; \
	  if grep -q '^left_out:' $$spec; then echo "$$service: operations left out"; exit 1; fi; \
	done
	$(PY) -m generator generate --specs $(STREAM_OUT)/specs --out $(STREAM_OUT)/generated_streams --timings > /dev/null
	$(PY) -m tests.whole_services --out $(STREAM_OUT) --package generated_streams --services bedrock-runtime,bedrock-agent-runtime --streaming --examples 10
	cd $(STREAM_OUT) && $(CURDIR)/$(VENV)/bin/mypy --strict --cache-dir .mypy_cache generated_streams

.PHONY: test-ml-estate
test-ml-estate: $(VENV)/.dev ## The ML estate (SageMaker, Bedrock, AgentCore, Clean Rooms, ...): imported whole, generated, -W error, mypy --strict, every operation (long)
	$(PY) -m tests.ml_estate --out build/ml-estate --examples $(or $(ML_EXAMPLES),5)

.PHONY: test-protocol-services
test-protocol-services: $(VENV)/.dev ## The cbor-only and query-compatible services whole: import, generate, -W error, ruff, mypy --strict, every operation
	$(PY) -m tests.protocol_services --out build/protocols --examples 10

.PHONY: drift
drift: $(VENV)/.dev ## Compare specs with the installed botocore model
	$(GENERATOR) drift

.PHONY: bench
bench: $(VENV)/.bench ## Benchmarks against the libraries a user would pick instead (a report)
	$(PY) -m benchmarks

.PHONY: clean
clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) $(FLOOR_VENV) .venv-matrix .mypy_cache .ruff_cache .pytest_cache .hypothesis $(ALL_SPECS) $(ALL_OUT) build/ml-estate build/protocols build/botocore
