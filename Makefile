# opsreview — every target bootstraps .venv itself, so a fresh clone needs only `make report`
# and `make test`. The logic lives in the `opsreview` CLI; this file only dispatches to it.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# MONTH (YYYY-MM, default: newest folder under data/raw), REPORT_LANG (zh|en), DOMAINS, JOBS, FORCE,
# PDF=1 (make report also prints the PDF), OPSREVIEW_BROWSER (the browser for the PDF);
# batches: MONTHS (2023-03..2024-02 or a comma list), WORKSPACES (client folders, 'clients/*'),
# OPSREVIEW_SCHEDULER (a dask.distributed scheduler, tcp://host:8786); WORKSPACE (make sample)
# make send: the targets in config/delivery.yml, their secrets in the variables it names;
# FORCE=1 sends again what a target already had
# make lab: LAB_ARGS, JupyterLab options as shell words ("--no-browser --port 8899"), which
# `opsreview lab` parses (and adds --allow-root for root)
# make preview: PORT (default: a free one), HOST (default 127.0.0.1; another says so)
# User values are data: each is taken as written (its `$(shell …)` never expanded, from the
# command line or the environment) and reaches the CLI through the environment only; no recipe
# writes one into shell text.
USER_VARS := MONTH REPORT_LANG DOMAINS JOBS FORCE PDF OPSREVIEW_BROWSER NOTES_STDOUT MONTHS \
	WORKSPACES WORKSPACE OPSREVIEW_SCHEDULER LAB_ARGS PORT HOST
$(foreach v,$(USER_VARS),$(if $(filter undefined default,$(origin $(v))),,$(eval override $(v) := $$(value $(v)))))
export $(USER_VARS)

help: ## list the targets
	@echo "opsreview — make <target> [MONTH=YYYY-MM] [REPORT_LANG=zh|en] [DOMAINS=site,seo] [JOBS=N] [FORCE=1] [PDF=1]"
	@echo "defaults: MONTH = newest folder under data/raw, REPORT_LANG = zh (en writes outputs/MONTH/en/), all domains, JOBS = CPU count"
	@echo "batches: MONTHS=2023-03..2024-02 (or 2024-01,2024-02), WORKSPACES='clients/*', OPSREVIEW_SCHEDULER=tcp://host:8786"
	@echo "make lab LAB_ARGS=\"--no-browser --port 8899\": JupyterLab options (--allow-root is added when run as root)"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "opsreview needs Python 3.11 or newer; set PYTHON=python3.11")'
	@echo "opsreview: installing pandas, matplotlib, JupyterLab, Playwright and the rest into $(VENV) (about 1 GB, 2-4 minutes the first time, once; again only when pyproject.toml changes)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip
	$(PY) -m pip install -e '.[dev,cluster]'
	$(PY) -m ipykernel install --sys-prefix --name opsreview --display-name "Python (opsreview)" >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## create .venv and install opsreview with its kernel (every target that needs it does this first)

# One Python start per target: the command itself resolves MONTH and rejects a month
# without a data/raw folder (`opsreview month` prints the MONTH that would be used).
month: $(STAMP)
	@$(PY) -m opsreview month

validate: $(STAMP) ## check every dataset of MONTH against the data contract
	@$(PY) -m opsreview validate

notes: $(STAMP) ## write data/raw/MONTH/notes.md, a template for the analyst's notes (never replaces one; NOTES_STDOUT=1 prints it)
	@$(PY) -m opsreview notes

report: $(STAMP) ## build outputs/MONTH (or MONTHS, of WORKSPACES): one HTML per domain, index.html, metrics.json
	@$(PY) -m opsreview report

pdf: $(STAMP) month ## make report, then the month as one A4 PDF, outputs/MONTH/opsreview-MONTH.pdf
	@$(PY) -m opsreview report --pdf

send: $(STAMP) ## send the built MONTH to every target of config/delivery.yml, once per build (FORCE=1: again); `make report send` builds and sends
	@$(PY) -m opsreview send

lab: $(STAMP) ## JupyterLab on the project, opened on MONTH's working copies of the notebooks (work/MONTH/); options in LAB_ARGS
	@$(PY) -m opsreview lab

preview: $(STAMP) ## serve outputs/MONTH on 127.0.0.1 (PORT=, HOST=), rebuilt and reloaded as its files change
	@$(PY) -m opsreview preview

test: $(STAMP) ## run the test suite
	$(PY) -m pytest

test-fast: $(STAMP) ## the tests but the slow ones (whole builds, browser, PDF, notebooks, kernels, cluster): under a minute
	$(PY) -m pytest -m "not slow"

sample: $(STAMP) ## regenerate the sample months 2023-03 … 2024-02 and data/README.md (WORKSPACE=dir: a demo client)
	$(PY) -m opsreview sample
	@test -n "$$WORKSPACE" || $(PY) -m opsreview docs

lint: $(STAMP) ## ruff, and notebooks committed without outputs
	$(PY) -m ruff check lib tests
	$(PY) -m nbstripout --verify --keep-id notebooks/*.ipynb  # the cells keep their named ids
	$(PY) -m opsreview lab --check  # templates with cells changed since their commit, or a stray notebook

bench: $(STAMP) ## measure build speed, incremental cost and scaling into bench/ (~15 min)
	$(PY) bench/bench.py

clean: ## remove generated outputs and the processed-data cache (keeps .venv)
	rm -rf outputs data/processed

.PHONY: help setup month validate notes report pdf send lab preview test test-fast sample lint bench clean
