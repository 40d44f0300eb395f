# crm_ehr: `make` sets up and builds, `make test` runs every test. See README.md.

PYTHON          ?= python3
CONFIG           = $(PYTHON) tools/config.py
EXTENSION       := $(shell $(CONFIG) extension.name)
DUCKDB_VERSION  := $(shell $(CONFIG) duckdb.version)
DUCKDB_PIN      := duckdb==$(patsubst v%,%,$(DUCKDB_VERSION))

VENV            := .venv
VPY             := $(VENV)/bin/python
VENV_STAMP      := $(VENV)/.installed-$(patsubst v%,%,$(DUCKDB_VERSION))

RELEASE_EXT     := build/release/$(EXTENSION).duckdb_extension
DEBUG_EXT       := build/debug/$(EXTENSION).duckdb_extension
RUNNER          := $(VPY) test/runner/sqllogictest.py

# Fixed test keys (fixtures, never used outside tests). Expected fingerprints and tokens in
# test/sql were computed from CRM_EHR_TEST_KEY with Python's hmac/hashlib.
export CRM_EHR_TEST_KEY       := 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
export CRM_EHR_TEST_KEY_B64   := AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=
export CRM_EHR_TEST_SHORT_KEY := 0102030405

.PHONY: all release debug test test-rust test-lint test-runner test-sql test-python test-examples examples docs bench clean venv

all: release

venv: $(VENV_STAMP)

$(VENV_STAMP): extension_config.toml bench/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet "$(DUCKDB_PIN)" -r bench/requirements.txt
	touch $@

release: $(VENV_STAMP)
	cargo build --release
	$(VPY) tools/extension_footer.py target/release/lib$(EXTENSION).so $(RELEASE_EXT)
	@echo "built $(RELEASE_EXT) for DuckDB $(DUCKDB_VERSION)"

debug: $(VENV_STAMP)
	cargo build
	$(VPY) tools/extension_footer.py target/debug/lib$(EXTENSION).so $(DEBUG_EXT)

test: release test-lint test-rust test-runner test-sql test-python test-examples

test-lint:
	cargo fmt --check
	cargo clippy --all-targets --quiet -- -D warnings

test-rust:
	cargo test --release --quiet

test-runner: $(VENV_STAMP)
	$(VPY) -m unittest discover -s test/runner -p 'test_*.py'

test-sql: release
	$(RUNNER) --extension $(EXTENSION)=$(RELEASE_EXT) test/sql

test-python: release
	CRM_EHR_EXTENSION=$(RELEASE_EXT) $(VPY) -m unittest discover -s test/python -p 'test_*.py'

EXAMPLES_VENV   := .venv-examples
EXAMPLES_STAMP  := $(EXAMPLES_VENV)/.installed-$(patsubst v%,%,$(DUCKDB_VERSION))

# The examples (notebook charts, dbt) get their own venv: the test venv stays small.
$(EXAMPLES_STAMP): extension_config.toml examples/requirements.txt
	$(PYTHON) -m venv $(EXAMPLES_VENV)
	$(EXAMPLES_VENV)/bin/python -m pip install --quiet "$(DUCKDB_PIN)" -r examples/requirements.txt
	touch $@

# docs/functions.md from duckdb_functions() (test/python/test_function_reference.py checks it).
docs: release
	CRM_EHR_EXTENSION=$(RELEASE_EXT) $(VPY) tools/function_reference.py

examples test-examples: release $(EXAMPLES_STAMP)
	CRM_EHR_EXTENSION=$(CURDIR)/$(RELEASE_EXT) $(EXAMPLES_VENV)/bin/python -m unittest discover -s test/examples -p 'test_*.py'

SPLINK_VENV     := .venv-splink
SPLINK_STAMP    := $(SPLINK_VENV)/.installed-$(patsubst v%,%,$(DUCKDB_VERSION))

# Splink 5, the identity benchmark's baseline, lives in its own venv: tests never need it.
$(SPLINK_STAMP): extension_config.toml bench/requirements-splink.txt
	$(PYTHON) -m venv $(SPLINK_VENV)
	$(SPLINK_VENV)/bin/python -m pip install --quiet "$(DUCKDB_PIN)" -r bench/requirements-splink.txt
	touch $@

bench: release $(SPLINK_STAMP)
	CRM_EHR_EXTENSION=$(RELEASE_EXT) CRM_EHR_SPLINK_PYTHON=$(CURDIR)/$(SPLINK_VENV)/bin/python $(VPY) bench/run.py

clean:
	cargo clean
	rm -rf build $(VENV) $(SPLINK_VENV) $(EXAMPLES_VENV) examples/out
