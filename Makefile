# Two entry points (see README): `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test test-slow test-integration test-browser lint typecheck bench corpus gazetteer train clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

# Tag the bundled sample corpus. corpora/sample/broken/ holds deliberately
# unreadable files, so exit code 1 ("some documents failed") is the expected result.
demo: $(VENV)/.installed
	@rm -rf out
	$(BIN)/caretext tag corpora/sample -o out/ ; rc=$$?; [ $$rc -le 1 ] || exit $$rc
	$(BIN)/caretext report out/ -o out/report

# The everyday suite (a few minutes). Slow checks — retraining the models, hostile batch runs,
# kill -9 and resume — are marked `slow` and run by `make test-slow` (CI runs both).
test: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -m "not slow and not integration and not browser"

test-slow: $(VENV)/.installed
	$(BIN)/python -m pytest -q -m "slow and not integration and not browser"

# Round trips against real annotation tools. Label Studio gets a virtual environment of its own
# (its Django stack would clash with caretext's); the test starts it on the loopback address.
LS_VENV ?= .venv-labelstudio
$(LS_VENV)/.installed:
	$(PYTHON) -m venv $(LS_VENV)
	$(LS_VENV)/bin/python -m pip install -q --upgrade pip
	$(LS_VENV)/bin/python -m pip install -q "label-studio>=1.20,<2" "sentry-sdk<3"  # Label Studio 1.23 passes options sentry-sdk 3 removed
	touch $@

# doccano 1.8 (its last release) needs marshmallow 3 and numpy 1 beside its pinned pandas
DOCCANO_VENV ?= .venv-doccano
$(DOCCANO_VENV)/.installed:
	$(PYTHON) -m venv $(DOCCANO_VENV)
	$(DOCCANO_VENV)/bin/python -m pip install -q --upgrade pip
	$(DOCCANO_VENV)/bin/python -m pip install -q "doccano==1.8.4" "marshmallow<4" "numpy<2"
	touch $@

test-integration: $(VENV)/.installed $(LS_VENV)/.installed $(DOCCANO_VENV)/.installed
	CARETEXT_LS_PYTHON=$(abspath $(LS_VENV))/bin/python CARETEXT_DOCCANO=$(abspath $(DOCCANO_VENV))/bin/doccano \
		$(BIN)/python -m pytest -q -m integration

# The HTML report opened in headless Chromium (Debian's chromium package; installed here when missing
# and apt-get can run), driven by Playwright with the network off. Screenshots land in test-artefacts/.
test-browser: $(VENV)/.installed
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	$(BIN)/python -m pytest -q -m browser

typecheck: $(VENV)/.installed
	$(BIN)/mypy

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/entities.py
	$(BIN)/python benchmarks/decisions.py
	$(BIN)/python benchmarks/press.py

# Rebuild the decision models, models/metrics.json and the model card from annotations/ (deterministic).
train: $(VENV)/.installed
	$(BIN)/caretext train

# Re-render corpora/sample from corpora/sources (deterministic).
corpus: $(VENV)/.installed
	$(BIN)/python scripts/build_sample_corpus.py

clean:
	rm -rf out .pytest_cache .ruff_cache .mypy_cache

gazetteer: $(VENV)/.installed
	$(BIN)/python scripts/build_gazetteer.py

