# opsreview — every target bootstraps .venv itself, so a fresh clone needs only `make report`
# and `make test`. The logic lives in the `opsreview` CLI; this file only dispatches to it.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# MONTH (YYYY-MM, default: newest folder under data/raw), REPORT_LANG (zh|en), DOMAINS, JOBS, FORCE
export MONTH REPORT_LANG DOMAINS JOBS FORCE

help: ## list the targets
	@echo "opsreview — make <target> [MONTH=YYYY-MM] [REPORT_LANG=zh|en] [DOMAINS=site,seo] [JOBS=N] [FORCE=1]"
	@echo "defaults: MONTH = newest folder under data/raw, REPORT_LANG = zh, all domains, JOBS = CPU count"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "opsreview needs Python 3.11 or newer; set PYTHON=python3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name opsreview --display-name "Python (opsreview)" >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## create .venv and install opsreview with its kernel (every target that needs it does this first)

# One Python start per target: the command itself resolves MONTH and rejects a month
# without a data/raw folder (`opsreview month` prints the MONTH that would be used).
month: $(STAMP)
	@$(PY) -m opsreview month

validate: $(STAMP) ## check every dataset of MONTH against the data contract
	@$(PY) -m opsreview validate

report: $(STAMP) ## build outputs/MONTH: one HTML per domain, index.html, metrics.json
	@$(PY) -m opsreview report

lab: $(STAMP) ## open JupyterLab on the project (kernel "Python (opsreview)")
	$(PY) -m jupyter lab --ServerApp.root_dir=$(CURDIR) notebooks

test: $(STAMP) ## run the test suite
	$(PY) -m pytest

sample: $(STAMP) ## regenerate the sample months 2024-01 and 2024-02 and data/README.md
	$(PY) -m opsreview sample
	$(PY) -m opsreview docs

lint: $(STAMP) ## ruff, and notebooks committed without outputs
	$(PY) -m ruff check lib tests
	$(PY) -m nbstripout --verify notebooks/*.ipynb

bench: $(STAMP) ## measure build speed, incremental cost and scaling into bench/ (~15 min)
	$(PY) bench/bench.py

clean: ## remove generated outputs and the processed-data cache (keeps .venv)
	rm -rf outputs data/processed

.PHONY: help setup month validate report lab test sample lint bench clean
